"""The headline against the body (HL)."""
