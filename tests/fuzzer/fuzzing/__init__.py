"""The parts of ``tests/fuzzer/fuzz.py``: mutators of real articles and of configs
(:mod:`fuzzing.mutators`), the process that runs the CLI on each input
(:mod:`fuzzing.runner`), its supervisor (:mod:`fuzzing.supervisor`), and the targets for
the language server, ``audit``'s archive lines and a LanguageTool server's answers."""
