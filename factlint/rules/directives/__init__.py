"""factlint's own directives in an article: suppression comments (FL)."""
