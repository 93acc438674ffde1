"""Quotes and attribution (QT)."""
