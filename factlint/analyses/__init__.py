"""Analyses that rules share, each computed once per article.

The people an article names and how their names compare, who wrote it, who said each
quotation, counts, dates, the headline's claims, the grammar engine's matches and the
article matched against the fact register. :class:`~factlint.analyses.context.RuleContext`
bundles them, typed and cached, with the run's settings: it is what every rule receives.
"""
