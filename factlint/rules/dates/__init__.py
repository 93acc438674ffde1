"""Dates and times (DT)."""
