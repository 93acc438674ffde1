"""The fact register: a desk's known people, titles, organisations and figures, read
from YAML. Imports only :mod:`factlint.core`.
"""
