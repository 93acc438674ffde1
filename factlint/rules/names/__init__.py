"""Person and organisation names (NM)."""
