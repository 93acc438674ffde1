"""Where quote attribution looks around a quote: the text before and after it, a
paragraph's quotes and sentences, found by bisection (built once per paragraph, so that
many quotes in one paragraph stay linear)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from factlint.article.document import Paragraph
from factlint.article.quotes import Quote

CUE_REACH = 1000  # characters before a quote where its cue may begin (at most ~400 in use)


@dataclass(frozen=True)
class Text:
    start: int
    text: str

    @property
    def reach(self) -> int:
        """Where in ``text`` a cue ending at its end can begin: no cue pattern matches more
        than a few hundred characters, and searching a long sentence (page furniture run
        together, a flood of commas) from its start took the patterns minutes."""
        return max(0, len(self.text) - CUE_REACH)


@dataclass
class ParagraphQuotes:
    """A paragraph's outer quotes (by start), with their starts and ends for bisection."""

    items: list[Quote]
    starts: list[int] = field(init=False)
    ends: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = sorted(q.start for q in self.items)
        self.ends = sorted(q.end for q in self.items)

    def next_start(self, offset: int, default: int) -> int:
        """The first quote start at or after ``offset`` (``default`` when smaller or none)."""
        index = bisect.bisect_left(self.starts, offset)
        return min(self.starts[index], default) if index < len(self.starts) else default

    def previous_end(self, offset: int, default: int) -> int:
        """The last quote end at or before ``offset`` (``default`` when larger or none)."""
        index = bisect.bisect_right(self.ends, offset)
        return max(self.ends[index - 1], default) if index else default


class Sentences:
    """Where a paragraph's sentences start and end, for bisection, built once per paragraph."""

    def __init__(self) -> None:
        self._bounds: dict[int, tuple[Paragraph, list[int], list[int]]] = {}

    def start(self, paragraph: Paragraph, offset: int) -> int:
        """The start of the last sentence that starts at or before ``offset``."""
        starts = self._of(paragraph)[1]
        index = bisect.bisect_right(starts, offset)
        return starts[index - 1] if index else paragraph.start

    def end(self, paragraph: Paragraph, offset: int, limit: int) -> int:
        """The end of the first sentence that ends after ``offset``, at most ``limit``."""
        ends = self._of(paragraph)[2]
        index = bisect.bisect_right(ends, offset)
        return min(ends[index], limit) if index < len(ends) else limit

    def count_before(self, paragraph: Paragraph, offset: int) -> int:
        """How many sentences start before ``offset``."""
        return bisect.bisect_left(self._of(paragraph)[1], offset)

    def _of(self, paragraph: Paragraph) -> tuple[Paragraph, list[int], list[int]]:
        found = self._bounds.get(id(paragraph))
        if found is None or found[0] is not paragraph:
            spans = paragraph.sentences
            found = (paragraph, [s.start for s in spans], [s.end for s in spans])
            self._bounds[id(paragraph)] = found
        return found
