"""Load a questions file, check it against its schema and judge it beside its brief.

Codes (their own range, PB801-PB809; PB808 and PB809 are free). The schema findings of a questions file are
the brief's own (PB003, PB010-PB019, PB022, with the same meaning); the rules of the round are:

- PB801 questions.answer-too-late (warning): an answer published fewer than 6 full days before the deadline
  for tenders it serves (udbudsloven § 134, stk. 1 and § 93, stk. 4), counted as PB613 counts.
- PB802 questions.unanswered (warning): a question without an answer, or an answer not (yet) dated or published.
- PB803 questions.change-without-new-version (error): an answer that changes the brief (`changes_brief: true`)
  while the brief beside it is not a newer version than the one the question concerns.
- PB804 questions.supplier-named (warning): the supplier recorded for a question is named in its published
  question or answer text.
- PB805 questions.date-order (error): an answer given before the question was received, or published before
  it was given.
- PB806 questions.duplicate-id (error): two questions with the same id.
- PB807 questions.unknown-part (warning): `concerns` names no part of the brief.

Every message is in the language in force: the caller speaks the brief's language (or --lang), as the pipeline
does for the brief's own findings.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from problembrief import validate
from problembrief.errors import ProblemBriefError
from problembrief.findings import Finding, RuleInfo, Severity, format_path, lean_dataclass
from problembrief.i18n import N_, _, ngettext
from problembrief.load import Limits, LoadedBrief, load_file, load_text
from problembrief.model import Brief
from problembrief.model.procurement import Milestone
from problembrief.questions.codes import (
    ANSWER_TOO_LATE,
    CHANGE_WITHOUT_VERSION,
    DATE_ORDER,
    DUPLICATE_ID,
    SUPPLIER_NAMED,
    UNANSWERED,
    UNKNOWN_PART,
)
from problembrief.questions.model import Question, QuestionsFile

_SIX_FULL_DAYS = 7  # as PB613: the deadline day does not count and 6 full days must lie between
_DEADLINES = {Milestone.TENDER_DEADLINE, Milestone.INITIAL_TENDERS, Milestone.FINAL_TENDERS}

PathParts = tuple[str | int, ...]


@lean_dataclass
class LoadedQuestions:
    """A questions file: its raw data with positions (None when it could not be read), the questions (None when
    they do not match the schema) and every finding about it, sorted."""

    path: Path
    loaded: LoadedBrief | None = None
    questions: QuestionsFile | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def fatal(self) -> Finding | None:
        return next((f for f in self.findings if f.fatal), None)


# --- Loading and the schema -------------------------------------------------------------------------------

def load_questions(path: Path | str, limits: Limits | None = None, *, text: str | None = None) -> LoadedQuestions:
    """Read a questions file with the brief's safe loader and check it against its schema. Never raises for
    anything the file can cause: an unreadable file is a fatal finding, as the pipeline reports a brief's.
    `text`: the file's text when it is not (yet) on disk."""
    result = LoadedQuestions(path=Path(path))
    try:
        result.loaded = load_file(path, limits) if text is None else load_text(text, path, limits)
    except ProblemBriefError as exc:
        result.findings.append(Finding(code=exc.code, severity=Severity.ERROR, message=exc.message, path=exc.field,
                                       line=exc.line, column=exc.column, file=exc.path or str(path), fatal=True))
        return result
    result.questions, findings = validate_questions(result.loaded)
    result.findings = sorted(findings, key=Finding.sort_key)
    return result


def validate_questions(loaded: LoadedBrief) -> tuple[QuestionsFile | None, list[Finding]]:
    """The questions, or None with the findings that say why the data does not match the schema."""
    findings = list(loaded.findings)
    leaves = list(validate._leaves(QuestionsFile, loaded.data, ()))
    replaced: set[str] = set()
    for finding, covers in validate._split_by_comma(loaded, leaves):
        findings.append(finding)
        replaced.add(covers)
    try:
        return QuestionsFile.model_validate(loaded.data), findings
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            finding = _schema_finding(loaded, error)
            if finding.path not in replaced:
                findings.append(finding)
        return None, findings


def _model_at(parts: PathParts, root: type[BaseModel]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = root
    for part in parts:
        if isinstance(part, int) or model is None:
            continue
        found = model.model_fields.get(part)
        model = validate._unwrap_model(found.annotation) if found else None
    return model


def _schema_finding(loaded: LoadedBrief, error: Any) -> Finding:
    """A pydantic error as a finding with its line, in the words and codes of the brief's schema findings."""
    kind: str = error["type"]
    parts = validate._data_path(loaded.data, tuple(error["loc"]), keep_last=kind == "missing")
    where = format_path(parts)
    key = next((p for p in reversed(parts) if isinstance(p, str)), "")
    hint: str | None = None
    if kind == "missing":
        code, message = validate.MISSING, _("`{where}` is required but missing").format(where=where)
        position = loaded.position_of(parts[:-1], prefer_key=True)
        parent = format_path(parts[:-1])
        hint = (_("add `{key}:` under `{parent}`").format(key=key, parent=parent) if parent
                else _("add `{key}:` at the top level").format(key=key))
    elif kind == "extra_forbidden":
        model = _model_at(parts[:-1], QuestionsFile)
        allowed = list(model.model_fields) if model else []
        code = validate.UNKNOWN_KEY
        message = _("unknown key `{where}`").format(where=where) + validate._suggest(key, allowed)
        position = loaded.position_of(parts, prefer_key=True)
        hint = _("allowed keys here: {keys}").format(keys=", ".join(allowed)) if allowed else None
    else:
        position = loaded.position_of(parts)
        code, message, hint = validate._describe_value_error(kind, where, parts, error.get("input"),
                                                              error.get("ctx") or {})
    line, column = position if position else (None, None)
    return Finding(code=code, severity=Severity.ERROR, message=message, path=where, line=line, column=column,
                   hint=hint, file=str(loaded.path))


# --- The rules ------------------------------------------------------------------------------------------------

@lean_dataclass(frozen=True)
class Context:
    """What a rule judges: the brief, the questions and where each value stands in the questions file."""

    brief: Brief
    questions: QuestionsFile
    loaded: LoadedBrief
    rule: QuestionsRule

    def finding(self, parts: PathParts, message: str, *, hint: str | None = None,
                position: tuple[int, int] | None = None) -> Finding:
        prefer_key = isinstance(self.loaded.value_at(parts), (dict, list))
        where = position or self.loaded.position_of(parts, prefer_key=prefer_key)
        line, column = where if where else (None, None)
        return Finding(code=self.rule.code, severity=self.rule.severity, message=message, path=format_path(parts),
                       line=line, column=column, hint=hint or _(self.rule.hint), file=str(self.loaded.path))


@lean_dataclass(frozen=True)
class QuestionsRule:
    code: str
    name: str
    severity: Severity
    summary: str  # marked with N_, translated where shown
    hint: str
    source: str
    check: Callable[[Context], Iterator[Finding]]

    @property
    def info(self) -> RuleInfo:
        """As `problembrief rules` and SARIF describe a rule (the texts untranslated, as describe_codes gives them)."""
        return RuleInfo(self.code, self.name, self.severity, self.summary, hint=self.hint, source=self.source)


def _at(index: int, *keys: str) -> PathParts:
    return ("questions", index, *keys)


def _answer_too_late(ctx: Context) -> Iterator[Finding]:
    deadlines = sorted((e.date, e.milestone.value) for e in ctx.brief.procurement.timeline if e.milestone in _DEADLINES)
    days = [d for d, _kind in deadlines]
    for index, q in enumerate(ctx.questions.questions):
        if q.published is None:
            continue
        k = bisect.bisect_left(days, q.published)  # the first deadline on or after the day it was published
        if k == len(days):
            continue
        deadline, kind = deadlines[k]
        gap = (deadline - q.published).days
        if gap >= _SIX_FULL_DAYS:
            continue
        full = max(gap - 1, 0)
        last = deadline - datetime.timedelta(days=_SIX_FULL_DAYS)
        yield ctx.finding(_at(index, "published"), ngettext(
            "the answer to {id} was published {date}, {days} full day before `{deadline}` ({deadline_date}); answers "
            "must be published by {last} (6 full days before), or the deadline must be extended",
            "the answer to {id} was published {date}, {days} full days before `{deadline}` ({deadline_date}); answers "
            "must be published by {last} (6 full days before), or the deadline must be extended", full).format(
            id=q.id, date=q.published, days=full, deadline=kind, deadline_date=deadline, last=last))


def _unanswered(ctx: Context) -> Iterator[Finding]:
    for index, q in enumerate(ctx.questions.questions):
        if q.answer is None:
            yield ctx.finding(_at(index), _("question {id} (received {date}) has no `answer`").format(
                id=q.id, date=q.received))
        elif q.answered is None:
            yield ctx.finding(_at(index), _("the answer to {id} has no date it was given (`answered`)").format(id=q.id),
                              hint=_("add `answered:` with the date, YYYY-MM-DD"))
        elif q.published is None:
            yield ctx.finding(_at(index), _("the answer to {id} has not been published to every supplier "
                                            "(`published`)").format(id=q.id),
                              hint=_("publish it to every supplier and add `published:` with the date"))


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A version as it sorts: by its numbers, so 1.10 is after 1.9 (`1.10` stays text in the brief)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p.lower()) for p in re.findall(r"\d+|[^\d\W]+", version))


def _change_without_version(ctx: Context) -> Iterator[Finding]:
    current = ctx.brief.brief.version
    for index, q in enumerate(ctx.questions.questions):
        if not q.changes_brief:
            continue
        if q.brief_version is None:
            yield ctx.finding(_at(index, "changes_brief"), _(
                "the answer to {id} changes the brief, but does not say which version of the brief the question "
                "concerns (`brief_version`)").format(id=q.id),
                hint=_("add `brief_version:` with the version the question was asked about"))
        elif current is None:
            yield ctx.finding(_at(index, "changes_brief"), _(
                "the answer to {id} changes the brief, but the brief has no `brief.version` to show the "
                "change").format(id=q.id))
        elif version_key(current) <= version_key(q.brief_version):
            yield ctx.finding(_at(index, "changes_brief"), _(
                "the answer to {id} changes the brief, but the brief is version {current}, not newer than version "
                "{asked} that the question concerns").format(id=q.id, current=current, asked=q.brief_version))


_LEGAL_FORM = re.compile(r"[\s,]+(?:a/s|aps|i/s|ivs|p/s|k/s|a\.m\.b\.a\.|amba|smba|ab|as|asa|oy|gmbh|ltd\.?|"
                         r"limited|inc\.?|llc|b\.?v\.?|s\.a\.)$", re.IGNORECASE)


def supplier_pattern(name: str) -> re.Pattern[str] | None:
    """The supplier's name as it may stand in a text: whole words, any case and spacing, with or without its
    legal form (`Natlys ApS` is found as `Natlys`); None for a name too short to search for."""
    names = {name.strip(), _LEGAL_FORM.sub("", name.strip())}
    words = [r"\s+".join(re.escape(w) for w in n.split()) for n in sorted(names, key=len, reverse=True)
             if len(n) >= 3]
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE) if words else None


def anonymise(text: str, supplier: str | None) -> str:
    """A published text with the supplier's name (PB804) replaced by a neutral word in the language in force."""
    pattern = supplier_pattern(supplier) if supplier else None
    return pattern.sub(_("[the supplier]"), text) if pattern else text


def _supplier_named(ctx: Context) -> Iterator[Finding]:
    for index, q in enumerate(ctx.questions.questions):
        pattern = supplier_pattern(q.supplier) if q.supplier else None
        if pattern is None:
            continue
        for key in ("question", "answer"):
            text = getattr(q, key)
            if text and pattern.search(text):
                parts = _at(index, key)
                yield ctx.finding(parts, _("`{key}` of {id} names the supplier who asked ({supplier}), and is "
                                           "published to every supplier").format(key=key, id=q.id,
                                                                                 supplier=q.supplier),
                                  position=ctx.loaded.locate(parts, pattern))


def _date_order(ctx: Context) -> Iterator[Finding]:
    for index, q in enumerate(ctx.questions.questions):
        if q.answered is not None and q.answered < q.received:
            yield ctx.finding(_at(index, "answered"), _("{id} was answered {answered}, before it was received "
                                                        "{received}").format(id=q.id, answered=q.answered,
                                                                             received=q.received))
        given = q.answered or q.received
        if q.published is not None and q.published < given:
            yield ctx.finding(_at(index, "published"), _("the answer to {id} was published {published}, before "
                                                         "{given}").format(id=q.id, published=q.published,
                                                                           given=given))


def _duplicate_id(ctx: Context) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, q in enumerate(ctx.questions.questions):
        if q.id in seen:
            yield ctx.finding(_at(index, "id"), _("the id {id} is also question number {number}").format(
                id=q.id, number=seen[q.id] + 1))
        else:
            seen[q.id] = index


_INDEX = re.compile(r"\[\d+\]")


def brief_part(path: str) -> bool:
    """Whether a dotted path (`procurement.award_criteria`, `outcomes[1].target`) names a field of the brief."""
    model: type[BaseModel] | None = Brief
    for part in _INDEX.sub("", path.strip()).split("."):
        found = model.model_fields.get(part.strip()) if model is not None else None
        if found is None:
            return False
        model = validate._unwrap_model(found.annotation)
    return True


def _unknown_part(ctx: Context) -> Iterator[Finding]:
    for index, q in enumerate(ctx.questions.questions):
        if not brief_part(q.concerns):
            yield ctx.finding(_at(index, "concerns"), _("`concerns` of {id} is {value}, which is no part of the "
                                                        "brief").format(id=q.id, value=f"`{q.concerns}`"))


_SOURCE_134 = N_("Udbudsloven § 134, stk. 1 (additional information at the latest 6 days before the deadline for "
                 "tenders) and § 93, stk. 4, nr. 1 (otherwise the deadline must be extended); counted as PB613 counts.")

RULES: tuple[QuestionsRule, ...] = (
    QuestionsRule(ANSWER_TOO_LATE, "questions.answer-too-late", Severity.WARNING,
                  N_("An answer published fewer than 6 full days before the deadline for tenders it serves."),
                  N_("publish answers at least 6 full days before the deadline, or extend the deadline in the brief's "
                     "timeline"), _SOURCE_134, _answer_too_late),
    QuestionsRule(UNANSWERED, "questions.unanswered", Severity.WARNING,
                  N_("A question without an answer, or an answer without the dates it was given and published."),
                  N_("answer every question and publish the answer to every supplier"),
                  N_("Udbudsloven § 2 (equal treatment and transparency) and § 134, stk. 1."), _unanswered),
    QuestionsRule(CHANGE_WITHOUT_VERSION, "questions.change-without-new-version", Severity.ERROR,
                  N_("An answer that changes the brief while the brief is not a newer version than the one the "
                     "question concerns."),
                  N_("make the change in the brief, raise `brief.version`, and publish the new version"),
                  N_("Udbudsloven § 2 (transparency): a change of the tender documents must reach every supplier."),
                  _change_without_version),
    QuestionsRule(SUPPLIER_NAMED, "questions.supplier-named", Severity.WARNING,
                  N_("The supplier recorded for a question is named in its published question or answer."),
                  N_("anonymise the text, e.g. 'a supplier'; the document replaces the name until then"),
                  N_("Udbudsloven § 2 (equal treatment): answers are published anonymised to every supplier."),
                  _supplier_named),
    QuestionsRule(DATE_ORDER, "questions.date-order", Severity.ERROR,
                  N_("An answer given before the question was received, or published before it was given."),
                  N_("check the dates `received`, `answered` and `published`"), "", _date_order),
    QuestionsRule(DUPLICATE_ID, "questions.duplicate-id", Severity.ERROR,
                  N_("Two questions with the same id."), N_("give every question its own id"), "", _duplicate_id),
    QuestionsRule(UNKNOWN_PART, "questions.unknown-part", Severity.WARNING,
                  N_("`concerns` names no part of the brief."),
                  N_("write a path of the brief, such as `procurement.award_criteria`, or a section, such as "
                     "`outcomes`"), "", _unknown_part),
)



def describe_rules() -> list[RuleInfo]:
    """The rules of a questions file, for `problembrief rules` and SARIF (texts untranslated: `_()` where shown)."""
    return [rule.info for rule in RULES]


def run_rules(brief: Brief, questions: LoadedQuestions) -> list[Finding]:
    """The rules' findings about a questions file that matched its schema, sorted; none otherwise."""
    if questions.questions is None or questions.loaded is None:
        return []
    found: list[Finding] = []
    for rule in RULES:
        found += rule.check(Context(brief, questions.questions, questions.loaded, rule))
    return sorted(found, key=Finding.sort_key)


def check_questions(brief: Brief, path: Path | str, limits: Limits | None = None) -> LoadedQuestions:
    """Load a questions file, check its schema and, when it matches, judge it beside the brief: every finding
    in `findings`, sorted."""
    result = load_questions(path, limits)
    result.findings = sorted([*result.findings, *run_rules(brief, result)], key=Finding.sort_key)
    return result


def published_questions(questions: QuestionsFile, *, draft: bool = False) -> list[Question]:
    """The questions a document shows: those with an answer (all of them in a draft)."""
    return [q for q in questions.questions if draft or q.answer is not None]
