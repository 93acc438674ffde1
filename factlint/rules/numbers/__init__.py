"""Numbers (NU)."""
