"""Person and organisation names (NM).

NM100 (``archive-name-variant``) is taken: ``factlint audit`` reports it across an archive
(:mod:`factlint.analyses.archive_names`); it is not a rule of one article.
"""
