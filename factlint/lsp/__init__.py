"""The language server (``factlint lsp``): factlint's findings in an editor, as a writer
types. Needs pygls (the ``lsp`` extra); only the command line imports it."""
