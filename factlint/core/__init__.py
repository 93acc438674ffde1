"""The lowest layer: the vocabulary every other layer speaks.

Diagnostics and severities, rule codes and selectors, input errors, YAML reading with
line numbers, the word lists in ``factlint/data`` and English word frequencies. Imports
nothing else of factlint.
"""
