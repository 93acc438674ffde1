"""The desk's archive index: what the articles already published say, in SQLite.

``factlint index build`` writes it, ``factlint index update`` keeps it current, and the
archive rules (``AR``) read it at check time through
:attr:`~factlint.analyses.context.RunSettings.archive`, when the config names it
(``archive: .factlint/archive.sqlite``, resolved like ``facts:``). This package holds the
file format and its lookups only (standard library ``sqlite3``; it imports nothing of
factlint but :mod:`factlint.core`); what an article gives the index is an analysis
(:mod:`factlint.analyses.archive_facts`), and the build's workers are the command line's.

Schema (version :data:`~factlint.archive.connection.SCHEMA_VERSION`)
--------------------------------------------------------------------
The database is in WAL mode: ``index update`` writes one transaction while checks read,
and a reader sees the index before or after it, never half of it. The index holds only
what the articles say.

``meta(key PRIMARY KEY, value)``
    ``format`` (``factlint-archive``: tells a foreign SQLite file), ``schema`` (the
    version), ``generation`` (a new random token at every write: the result cache keys on
    it), ``updated`` (UTC time of the last write), ``root`` (the folder stored paths are
    relative to) and ``sources`` (JSON: the paths ``build`` was given, which ``update``
    reads again).
``article(id PRIMARY KEY, path UNIQUE, digest, date, byline)``
    One row an article: its path (relative to ``root`` when inside it), the SHA-256 of its
    text (LF line ends), its date (ISO, from front matter or the dateline; NULL when it
    has none) and its byline as written. Index on ``digest``: a check leaves its own
    indexed version out by path or by content.
``author(article_id, name, name_key)``
    Each bylined name (front matter ``author`` included, news agencies left out).
    Index on ``name_key`` (the name's parts, case-folded, accent-free).
``person(article_id, form, form_key, first_key, last_key, words, title, title_key, date)``
    Each full name (two words or more) the article gives a person, once per article and
    title: the form as written, its key, the keys of its first and last word and its
    number of words, the title written before it (NULL when none or a courtesy title) and
    the article's date. Indexes on ``(last_key, words)`` and ``(first_key, words)``: the
    forms one word away from a name are found from the word that is the same; and on
    ``form_key``: a person's titles and article count.
``quote(article_id, text, norm, head, tail, words, speaker, speaker_key, how, date, sure)``
    Each direct quote of the body: as written, normalised (case-folded, punctuation and
    quotation marks dropped, white space single), its first and last four words
    (``head``, ``tail``: a quote with one word changed keeps one of them), its number of
    words, its speaker as ``factlint quotes`` resolves it, the speaker's key (the surname,
    case-folded; NULL when the speaker is no name), how the attribution was found, and
    ``sure`` (1: the speaker is named, not a pronoun, by a cue or label next to the quote
    or earlier in its paragraph, with no other person named between but in the speaker's
    own clause, or the quote goes on from such a quote: only such rows are held against
    another speaker, AR004; :mod:`factlint.analyses.archive_sure`). Indexes on ``norm``,
    ``head`` and ``tail``.

Rows of an article are deleted with it (``ON DELETE CASCADE``).
"""
