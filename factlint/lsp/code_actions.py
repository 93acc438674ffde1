"""The language server's code actions: each finding's fix as a quick fix, "ignore CODE on
this line", and "fix all safe fixes" as the line edits that turn the document into its
fixed text."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import regex
from lsprotocol import types

from factlint.article.front_matter import front_matter_end
from factlint.core.diagnostics import Diagnostic, Fix
from factlint.core.errors import internal_error
from factlint.engine.worker import WorkerFailed, WorkerStopped
from factlint.lsp.checks import Superseded
from factlint.lsp.engine import Checked, display_name, fix_all_in_worker, has_surrogates
from factlint.lsp.server import STOP_GRACE, FactlintServer
from factlint.output.text import describe_fix

FIX_ALL = "source.fixAll.factlint"
FIX_ALL_TITLES = {
    types.CodeActionKind.QuickFix: "Fix all safe factlint fixes",
    FIX_ALL: "factlint: fix all safe fixes",
}
_LINES = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _overlaps(checked: Checked, d: Diagnostic, wanted: types.Range) -> bool:
    start, end = checked.index.offset(wanted.start), checked.index.offset(wanted.end)
    return d.offset <= end and start <= d.offset + d.length


def workspace_edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def _line_end(stored: str) -> str:
    for end in ("\r\n", "\n", "\r"):
        if end in stored:
            return end
    return "\n"


def fix_action(
    uri: str, checked: Checked, d: Diagnostic, fix: Fix, lsp: types.Diagnostic
) -> types.CodeAction:
    text = checked.result.text or checked.index.decoded
    replacement = fix.replacement.replace("\n", _line_end(checked.index.stored))
    edit = types.TextEdit(checked.index.range(fix.offset, fix.length), replacement)
    return types.CodeAction(
        title=f"{d.code}: {describe_fix(fix, text)}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp],
        is_preferred=fix.safe,
        edit=workspace_edit(uri, [edit]),
    )


def ignore_action(
    uri: str, checked: Checked, d: Diagnostic, lsp: types.Diagnostic
) -> types.CodeAction:
    """``<!-- factlint-disable-line CODE -->`` at the end of the finding's first line."""
    end = checked.index.line_end(d.offset)
    comment = f" <!-- factlint-disable-line {d.code} -->"
    return types.CodeAction(
        title=f"Ignore {d.code} on this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp],
        edit=workspace_edit(uri, [types.TextEdit(types.Range(end, end), comment)]),
    )


def quick_fixes(
    ls: FactlintServer, uri: str, checked: Checked, wanted_range: types.Range
) -> list[types.CodeAction]:
    """The findings' fixes (the safe ones first, and preferred), then "ignore" for each."""
    fixes, ignores = [], []
    for d in checked.result.diagnostics:
        if _overlaps(checked, d, wanted_range):
            lsp = ls.lsp_diagnostic(uri, checked, d)
            if d.fix is not None:
                fixes.append(fix_action(uri, checked, d, d.fix, lsp))
            if d.offset >= front_matter_end(checked.index.decoded):  # no comments in YAML
                ignores.append(ignore_action(uri, checked, d, lsp))
    fixes.sort(key=lambda action: not action.is_preferred)
    return fixes + ignores


def edits_between(checked: Checked, after: str) -> list[types.TextEdit]:
    """The edits that turn the stored text into ``after``: one for each run of lines that
    differs (a line diff), so the rest of the document, and the cursor in it, stay put."""
    index = checked.index
    before_lines, after_lines = _LINES.findall(index.stored), _LINES.findall(after)
    starts = [0]
    for line in before_lines:
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, before_lines, after_lines, autojunk=False)
    return [
        types.TextEdit(
            types.Range(index.position_of_index(starts[i1]), index.position_of_index(starts[i2])),
            "".join(after_lines[j1:j2]),
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def wanted(only: Iterable[str] | None, kind: str) -> bool:
    """Whether the client's ``only`` (None: everything) asks for actions of ``kind``."""
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


async def fixed_text(ls: FactlintServer, uri: str, checked: Checked) -> str | None:
    """The document with its safe fixes applied (None: it could not be had in time)."""
    stored = checked.index.stored
    if ls.engine is None or ls.lanes is None or has_surrogates(stored):
        return None  # lone surrogates: checked as U+FFFD, which a fix must not write back
    display = display_name(checked.path, uri, None)
    seconds = checked.config.timeout + STOP_GRACE
    try:
        return await ls.lanes.run(
            f"{uri}#fix-all", fix_all_in_worker, ls.engine.epoch, display, stored, checked.path,
            seconds=seconds,
        )  # fmt: skip
    except (Superseded, WorkerStopped, WorkerFailed):
        return None
    except Exception as exc:  # a crash: no "fix all" action, the server goes on
        ls.log(types.MessageType.Error, internal_error(f"fixing {display}", exc))
        return None
