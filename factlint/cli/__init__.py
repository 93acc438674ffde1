"""The command line: ``factlint check``, ``rules``, ``explain``, ``packs``, ``quotes``,
``sheet``. Nothing else imports it.
"""
