"""AR: checks against the desk's archive index (``archive:`` in the config)."""
