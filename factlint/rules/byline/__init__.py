"""Bylines and authorship (BY)."""
