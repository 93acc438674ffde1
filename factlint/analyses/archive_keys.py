"""The vocabulary the archive index and its checks share: the keys a name, a speaker, a
title and a quote are stored and looked up by, and which attributions the index trusts."""

from __future__ import annotations

import hashlib

import regex

from factlint.analyses.name_similarity import name_parts
from factlint.core.resources import load as load_data

# Attributions the index trusts: a cue next to the quote, a transcript's label, a quote of
# the same paragraph or one it continues (not partial quotes, nor guesses across paragraphs).
DIRECT = frozenset({"after", "before", "label", "same-paragraph", "continued"})
QUOTE_MIN_WORDS = 6  # shorter quotes are said by many people ("we are very pleased")

_QUOTE_WORD = regex.compile(r"\p{L}[\p{L}\p{M}\p{N}]*(?:['’]\p{L}+)*|\p{N}+(?:[.,]\p{N}+)*")
_NAME_WORD = regex.compile(r"^\p{Lu}")


def name_key(text: str) -> str:
    """A name's parts, case-folded and accent-free, without initials or courtesy titles."""
    return " ".join(name_parts(text))


def quote_norm(text: str) -> str:
    """A quote's words, case-folded, one space apart (punctuation and marks dropped)."""
    return " ".join(w.replace("’", "'") for w in _QUOTE_WORD.findall(text.casefold()))


def speaker_key(name: str | None) -> str | None:
    """The key of a speaker who is a named person (two name words or more), else None."""
    if not name:
        return None
    words = name.split()
    if len(words) < 2 or not all(_NAME_WORD.match(w) for w in words):
        return None
    key = name_key(name)
    return key if len(key.split()) >= 2 else None


def title_key(title: str) -> str:
    """A title, lower case, abbreviations spelled out, full stops dropped, each word by
    its office's key (``data/archive.yaml``: "Congressman" is "representative")."""
    spelled = load_data("names")["title_abbreviations"]
    synonyms = load_data("archive")["title_synonyms"]
    words = [spelled.get(w, w) for w in title.lower().replace(".", "").split()]
    return " ".join(synonyms.get(w, w) for w in words)


def text_digest(text: str) -> str:
    """The SHA-256 of an article's text (LF line ends), as the index stores it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
