"""``factlint audit``: an archive checked on a Dask cluster (``dask.distributed``).

- :mod:`factlint.audit.work`: what a worker runs on a batch of articles (its engine is
  built once per worker and reused), and the name tallies it gives for the archive-level
  checks. It does not import Dask.
- :mod:`factlint.audit.output`: the output file, one JSON line per article, appended and
  flushed line by line, and what ``--resume`` reads back of it.
- :mod:`factlint.audit.cluster`: the client side: batches sent with a bounded window,
  results written as they come, name tallies reduced on the workers. It imports Dask,
  an optional extra (``pip install 'factlint[audit]'``), so only ``factlint audit`` loads it.
"""
