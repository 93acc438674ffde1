"""factlint's measurements on real copy, run as ``python -m bench NAME`` from the repository
root (``python -m bench --help`` lists them). Shared parts: :mod:`bench.corpora` (where the
corpora are), :mod:`bench.harness` (injecting a known problem and counting recall) and
:mod:`bench.outputs` (JSON figures, stored baselines, ``--compare``)."""
