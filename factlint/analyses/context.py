"""What a rule receives: the article, the run's settings and the analyses rules share.

Every analysis is computed on first use and kept for the other rules of the same article
(typed attributes, not a cache of string keys); none is computed for an article whose
rules never ask for it. Build one :class:`RuleContext` per article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from factlint.analyses import (
    archive_facts,
    attribution,
    counts,
    dates,
    dialect,
    grammar,
    register_match,
)
from factlint.analyses.attribution import Attribution
from factlint.analyses.authors import AuthorCheck, author_checks
from factlint.analyses.counts import Count
from factlint.analyses.dates import WrittenDate
from factlint.analyses.grammar import Located
from factlint.analyses.grammar_findings import findings as findings_of_matches
from factlint.analyses.people import NameIndex, Variant
from factlint.analyses.register_match import PersonMatch, TitleCheck
from factlint.analyses.spelling_judge import SPELLING_KINDS, SpellingJudge
from factlint.archive.store import Archive, ArchiveError
from factlint.article.document import Document
from factlint.backends import GrammarMatch, GrammarSettings
from factlint.core.diagnostics import Finding
from factlint.register.facts import Register

OptionValue = str | int | float | bool | list[str]
RuleOptions = Mapping[str, OptionValue]  # a rule's options: its defaults, then the config's


@dataclass(frozen=True)
class RunSettings:
    """The settings of a run that rules read (their own options come separately)."""

    grammar: GrammarSettings = field(default_factory=GrammarSettings)
    register: Register | None = None  # the desk's fact register (`facts:` in the config)
    known_codes: frozenset[str] = frozenset()  # every rule code a directive may name
    named_packs: frozenset[str] = frozenset()  # the packs the config names under `packs:`
    archive: Archive | None = None  # the desk's archive index (`archive:` in the config)


class RuleContext:
    """One article as the rules see it."""

    def __init__(self, article: Document, settings: RunSettings | None = None) -> None:
        self.article = article
        self.settings = settings or RunSettings()
        # The codes of the rules that have run on this article, set by the engine before
        # the rules that run after the others (which suppressions were used).
        self.codes_run: frozenset[str] = frozenset()

    @property
    def register(self) -> Register | None:
        return self.settings.register

    @cached_property
    def people(self) -> NameIndex:
        """The people the article names, every mention grouped by person."""
        return NameIndex(self.article)

    @property
    def name_variants(self) -> list[Variant]:
        """Name words spelled as near misses of the article's usual spelling."""
        return self.people.variants

    @cached_property
    def authors(self) -> list[AuthorCheck]:
        """The bio and front-matter authors set against the byline."""
        return author_checks(self.article)

    @cached_property
    def attributions(self) -> list[Attribution]:
        """Every direct quotation of the body with its speaker."""
        return attribution.attributions(self.article, self.people)

    @cached_property
    def broken_attributions(self) -> list[tuple[Attribution, str, int]]:
        """Quotes right after a would-be speaker with no verb of saying: the quote's
        attribution, the name, the name's offset."""
        return attribution.broken_attributions(self.article, self.attributions)

    @cached_property
    def counts(self) -> list[Count]:
        """Counts in the headline and body, outside quotations."""
        return counts.counts(self.article)

    @cached_property
    def written_dates(self) -> list[WrittenDate]:
        """Dates written in the headline and body, with their weekdays."""
        return dates.written_dates(self.article)

    @cached_property
    def article_date(self) -> dt.date | None:
        """The article's own date (front matter, or a dated dateline)."""
        return dates.article_date(self.article)

    @cached_property
    def dialect_use(self) -> dialect.DialectUse:
        """The article's British and American spellings, and the dialect they show."""
        return dialect.dialect_use(self.article)

    @cached_property
    def dialect(self) -> str | None:
        """The dialect the article is checked in: the configured one, or (``auto``) its own;
        None when neither (its own spelling does not decide, and no fallback is set)."""
        settings = self.settings.grammar
        return dialect.resolve(settings.dialect, settings.fallback_dialect, self.dialect_use)

    @cached_property
    def grammar_matches(self) -> list[Located]:
        """The grammar engine's matches in the article's prose, in the article's dialect;
        in neither dialect, the matches both an American and a British check make."""
        if self.dialect is not None:
            settings = self.settings.grammar.for_dialect(self.dialect)
            return grammar.grammar_matches(self.article, settings)
        american, british = (
            grammar.grammar_matches(self.article, self.settings.grammar.for_dialect(d))
            for d in (dialect.AMERICAN, dialect.BRITISH)
        )
        return grammar.in_both(american, british)

    @cached_property
    def accepted_words(self) -> frozenset[str]:
        """Words that are never misspellings here: authors' names, the dictionary."""
        return grammar.accepted_words(self.article, self.people, self.settings.grammar)

    @cached_property
    def spelling_judge(self) -> SpellingJudge:
        """Tells the article's names from its misspelt capitalised words."""
        reported = frozenset(v.word.offset for v in self.name_variants)
        return SpellingJudge(
            self.article, self.people, self.accepted_words, reported, self._probe_words
        )

    def _probe_words(self, words: list[str]) -> dict[str, GrammarMatch]:
        """The engine's spelling matches on ``words`` read alone, in the article's dialect
        (in neither: what both reject)."""
        both = [dialect.AMERICAN, dialect.BRITISH]
        dialects = both if self.dialect is None else [self.dialect]
        settings = [self.settings.grammar.for_dialect(d) for d in dialects]
        return grammar.probe_words(words, settings)

    def grammar_findings(
        self,
        *,
        spelling: bool,
        in_quotes: bool,
        kinds: frozenset[str] = SPELLING_KINDS,
    ) -> Iterable[Finding]:
        """The engine's matches one of the GR100, GR101, SP100, SP101 and SP103 rules
        reports; of spelling, the ``kinds`` of :func:`findings_of_matches`."""
        judge = self.spelling_judge if spelling else None
        return findings_of_matches(
            self.article,
            self.grammar_matches,
            judge,
            self.settings.grammar,
            spelling=spelling,
            in_quotes=in_quotes,
            elsewhere=self.mixed_dialect_offsets,
            kinds=kinds,
        )

    @cached_property
    def mixed_dialect_offsets(self) -> frozenset[int]:
        """Where the article spells a word in the other dialect than its own while also
        using its own (SP102 reports those, so the spelling rules do not)."""
        if self.dialect is None:
            return frozenset()
        return frozenset(s.offset for s in self.dialect_use.mixed(self.dialect))

    @cached_property
    def register_people(self) -> list[PersonMatch]:
        """Mentions that name someone in the fact register, or nearly do."""
        return register_match.person_matches(self.people, self.register)

    @cached_property
    def title_checks(self) -> list[TitleCheck]:
        """Register people named with a title, and whether they held it that day."""
        return register_match.title_checks(
            self.article, self.register_people, self.register, self.article_date
        )

    @cached_property
    def archive_findings(self) -> archive_facts.ArchiveFindings:
        """What the desk's archive index says of the article (nothing without one, nor
        when it became unreadable after the config opened it)."""
        if self.settings.archive is None:  # read nothing of the article for no index
            return archive_facts.ArchiveFindings()
        try:
            return self._archive_findings()
        except ArchiveError:
            return archive_facts.ArchiveFindings()

    def _archive_findings(self) -> archive_facts.ArchiveFindings:
        return archive_facts.archive_findings(
            self.article,
            self.people,
            self.attributions,
            self.article_date,
            self.settings.archive,
            frozenset(v.word.offset for v in self.name_variants),
        )
