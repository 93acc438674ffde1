"""Grammar and spelling (GR, SP)."""
