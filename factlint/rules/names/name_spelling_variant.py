"""One person, two spellings: a name spelled once as a near miss of its usual form.

"Kishida" five times and "Kishda" once is a typo a spell-checker cannot see, because it
does not know the name. The article's own usage decides: the form used more often is
taken as right, and the other is reported with it as the fix. Where each form is written
as often (once each, say), the article cannot say which is right: the later one is
reported as one person spelled two ways, with no fix. Two forms that the word lists
both know as given names or words are taken as two names when they differ only at the
end ("Steve" and "Stevie", "Texas" and "Texan") or each is given in full ("Shane Horgan",
"Marcus Horan"); a slip that makes another word, written bare after the full name, is
still a slip ("Clare" after "Charles Clarke"); words in capitals and words run together
by a page's furniture are not compared, nor a spelling a "[sic]" follows. A name written
three ways or more is reported as such, with no fix: its most frequent form is no sure
guide.
When the desk's fact register knows the name, the register decides instead (FC001).
Only names the article treats as people's are compared, letter case and inflections
("Clinton", "Clintons") do not count, and a near miss that belongs to another person
(Jon Stewart beside John Kerry, Des Browne beside Gordon Brown) is not reported. A spelling
that no list knows (no English word, given name or surname) and that is one typing slip
from the name (a letter dropped, doubled, swapped or a key next to it) is a slip wherever
it stands: in a firm's name ("Kowttani Steel"), in a relative's full name ("Cherie
Brackkley"), or as the only full name of someone the article otherwise names bare.

The fix (the usual form) is unsafe, never applied by ``factlint check --fix`` alone: the
usual form is not always the right one (a name misspelt more often than it is spelt
right), and two people can have names a letter apart (two players of one team). Several
of its fixes on the BBC articles would have been wrong in just these ways. An editor
applies it.

Bad:
    Japan ends peace talks

    Prime Minister Fumio Kishida spoke on Tuesday.

    Kishda said the talks were over.
Good:
    Japan ends peace talks

    Prime Minister Fumio Kishida spoke on Tuesday.

    Kishida said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding, Fix, Related

CODE = "NM001"
NAME = "name-spelling-variant"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    register = ctx.register
    settled = register.name_words if register is not None else frozenset()
    for variant in ctx.name_variants:
        word, first = variant.word, variant.first_expected
        if word.text in settled or variant.expected in settled:
            continue  # the fact register settles it: FC001 reports the wrong spelling
        times = "once" if variant.expected_count == 1 else f"{variant.expected_count} times"
        related = (Related(first.offset, len(first.text), f'"{variant.expected}" here'),)
        if variant.others:
            spellings = ", ".join(f'"{other}"' for other in variant.others)
            yield Finding(
                word.offset,
                len(word.text),
                f'"{word.text}" is one of {len(variant.others) + 1} spellings of this name '
                f"in the article (also {spellings}): check which is right",
                related=related,
            )
            continue
        if variant.tie:
            yield Finding(
                word.offset,
                len(word.text),
                f'"{word.text}" is spelled "{variant.expected}" elsewhere in the article '
                f"({times} each way): one of the two is wrong",
                related=related,
            )
            continue
        yield Finding(
            word.offset,
            len(word.text),
            f'"{word.text}" is spelled "{variant.expected}" elsewhere in the article ({times})',
            fix=Fix(variant.expected, word.offset, len(word.text), safe=False),
            related=related,
        )
