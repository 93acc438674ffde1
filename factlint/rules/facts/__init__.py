"""The fact register (FC)."""
