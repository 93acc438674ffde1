"""The article model: an article read from disk or stdin and parsed once.

Loading (``loader``), blocks of plain text and Markdown (``blocks``), sentences,
quotation spans, suppression comments, front matter (``front_matter``), the headline,
bylines, bio and dateline (``story_parts``), and the
:class:`~factlint.article.document.Document` that rules read. Imports only :mod:`factlint.core`.
"""
