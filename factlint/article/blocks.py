"""Splitting an article body into blocks (paragraphs and headings) with exact offsets.

Plain text: blocks are runs of non-blank lines. Markdown: blocks come from
markdown-it-py's block tokens, so code blocks, HTML blocks and link reference definitions
are never prose. Inside a Markdown block, markup that is not prose (link targets, inline
code, HTML tags, emphasis markers, list and quote markers) is masked with spaces, so every
offset in the masked text is still an offset in the original text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

BlockKind = Literal["paragraph", "heading"]
Container = Literal["", "list", "blockquote"]  # Markdown: the list or quote a block is in

# Each runs on a whole block, so each is linear in it: a negated class stops at the
# character that starts the next try ("![" stops at "["), and nested repeats are possessive.
_MASK_PATTERNS = [
    # images (alt text is not prose), with one level of parentheses in the target
    regex.compile(r"!\[[^\[\]\n]*+\]\((?:[^()\n]++|\([^()\n]*+\))*+\)"),
    regex.compile(r"<(?:https?|mailto|ftp):[^<>\s]++>"),
    regex.compile(r"</?[A-Za-z][A-Za-z0-9-]*+(?:\s[^<>]*+)?/?>"),
    regex.compile(r"(?<=\])\((?:[^()\s]++|\([^()]*+\))*+(?:\s++\"[^\"]*+\")?\)"),  # link targets
    regex.compile(r"(?<=\])\[[^\]\n]*+\]"),  # reference link labels
    regex.compile(r"\\(?=[!-/:-@\[-`{-~])"),  # backslash escapes
    regex.compile(r"(?:\*{1,3}|(?<![\p{L}\p{N}])_{1,3}|_{1,3}(?![\p{L}\p{N}])|~~)"),
    regex.compile(r"(?m)^[ \t]{0,3}(?:>[ \t]?)*+(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)?"),
    regex.compile(r"(?m)(?<![ \t])[ \t]++#++[ \t]*+$"),  # closing ATX heading hashes
    regex.compile(r"(?m)^[ \t]{0,3}(?:=+|-+)[ \t]*$"),  # setext heading underlines
]
_LINK_TEXT = regex.compile(r"(?<![!\\])\[[^\[\]\n]*+\](?=\(|\[)")
_COMMENT = regex.compile(r"<!--.*?-->", regex.S)
_BACKTICKS = regex.compile(r"`+")


_CONTAINERS: dict[str, Container] = {
    "bullet_list_open": "list",
    "bullet_list_close": "list",
    "ordered_list_open": "list",
    "ordered_list_close": "list",
    "blockquote_open": "blockquote",
    "blockquote_close": "blockquote",
}


@dataclass
class Block:
    start: int
    end: int
    kind: BlockKind
    container: Container = ""  # "list" inside a list item, "blockquote" inside a quote


def plain_blocks(text: str, start: int, end: int) -> list[Block]:
    """Paragraphs of ``text[start:end]``: runs of non-blank lines.

    A run of long lines (some over ``WRAP_WIDTH`` characters) is not hard-wrapped prose but
    paragraphs set one per line, as many exports do: each line that ends a sentence then
    ends a paragraph.
    """
    blocks: list[Block] = []
    for block in _line_runs(text, start, end):
        lines = _lines(text, block.start, block.end)
        if len(lines) > 1 and any(e - s > WRAP_WIDTH for s, e in lines):
            blocks.extend(_paragraphs_per_line(text, lines))
        else:
            blocks.append(block)
    return blocks


WRAP_WIDTH = 100
_SENTENCE_END = '.!?…:"”’)]'


def _paragraphs_per_line(text: str, lines: list[tuple[int, int]]) -> list[Block]:
    """One paragraph per line, but a line that stops mid-sentence runs on into the next."""
    blocks: list[Block] = []
    start = lines[0][0]
    for line_start, line_end in lines:
        if text[line_start:line_end].rstrip().endswith(tuple(_SENTENCE_END)):
            blocks.append(Block(start, line_end, "paragraph"))
            start = line_end + 1
    if start < lines[-1][1]:
        blocks.append(Block(start, lines[-1][1], "paragraph"))
    return [b for b in blocks if text[b.start : b.end].strip()]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines, pos = [], start
    while pos <= end:
        newline = text.find("\n", pos, end)
        line_end = end if newline == -1 else newline
        lines.append((pos, line_end))
        if newline == -1:
            break
        pos = newline + 1
    return lines


def _line_runs(text: str, start: int, end: int) -> list[Block]:
    """Runs of non-blank lines in ``text[start:end]``."""
    blocks: list[Block] = []
    block_start: int | None = None
    last_end = start
    for line_start, line_end in _lines(text, start, end):
        if text[line_start:line_end].strip():
            if block_start is None:
                block_start = line_start
            last_end = line_end
        elif block_start is not None:
            blocks.append(Block(block_start, last_end, "paragraph"))
            block_start = None
    if block_start is not None:
        blocks.append(Block(block_start, last_end, "paragraph"))
    return blocks


@cache
def _markdown_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def markdown_blocks(text: str, start: int, line_starts: list[int], first_line: int) -> list[Block]:
    """Paragraph and heading blocks of the Markdown body ``text[start:]``.

    ``line_starts`` are the document's line start offsets and ``first_line`` the 0-based
    document line on which the body starts.
    """
    body = text[start:]
    blocks: list[Block] = []
    heading_level = 0
    containers: list[Container] = []
    for token in _markdown_parser().parse(body):
        if token.type in _CONTAINERS:
            if token.nesting == 1:
                containers.append(_CONTAINERS[token.type])
            elif containers:
                containers.pop()
        elif token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "inline" and token.map is not None:
            first, last = token.map
            block_start = line_starts[first_line + first]
            end_line = first_line + last
            block_end = line_starts[end_line] - 1 if end_line < len(line_starts) else len(text)
            if blocks and (blocks[-1].start, blocks[-1].end) == (block_start, block_end):
                continue  # another cell of a table's row: the row is one block, read once
            kind: BlockKind = "heading" if heading_level else "paragraph"
            container: Container = (
                "list" if "list" in containers else (containers[-1] if containers else "")
            )
            blocks.append(Block(block_start, block_end, kind, container))
    return blocks


def mask_markdown(segment: str) -> str:
    """Blank the Markdown markup of one block, keeping every character's position."""
    chars = list(segment)
    spans = [*_comments(segment), *_code_spans(segment)]
    spans += [m.span() for pattern in _MASK_PATTERNS for m in pattern.finditer(segment)]
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " " if chars[i] != "\n" else "\n"
    for match in _LINK_TEXT.finditer(segment):
        chars[match.start()] = chars[match.end() - 1] = " "  # keep the link text itself
    return "".join(chars)


def _comments(segment: str) -> list[tuple[int, int]]:
    """HTML comments: a search ends at the last "-->", so that no "<!--" scans in vain."""
    last = segment.rfind("-->")
    return [] if last == -1 else [m.span() for m in _COMMENT.finditer(segment, 0, last + 3)]


def _code_spans(segment: str) -> list[tuple[int, int]]:
    """Inline code, as CommonMark reads it: a run of backticks opens a span that the next
    run of as many backticks closes (a run no later run matches is text). One pass from
    the end finds each run's closer."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(segment)]
    closer: list[int | None] = [None] * len(runs)
    next_of_length: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        closer[i] = next_of_length.get(length)
        next_of_length[length] = i
    spans = []
    i = 0
    while i < len(runs):
        j = closer[i]
        if j is None:
            i += 1
            continue
        spans.append((runs[i][0], runs[j][1]))
        i = j + 1
    return spans
