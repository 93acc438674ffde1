"""Configuration and the engine: which rules run on a file, with what severity and
options, and running them (``run``) to diagnostics, with suppression applied.

``registry`` is every rule, Python and pack, and which selectors name them.
"""
