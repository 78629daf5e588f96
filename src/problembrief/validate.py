"""Stage 2: turn raw data into a Brief, and every pydantic error into a Finding with its line.

Messages are keyed on the error's `type`, never on pydantic's English text, so they stay stable and
can speak the user's vocabulary (keys of the format, YAML, dates as the format writes them).

Before pydantic, two passes read the raw text with the model's types in hand, for what YAML or a
conversion would change without a word: a Danish thousands separator in a number (`1.240` is 1,24 to a
parser, PB018), and a comma that split one text into two items of a `[ ]` list (PB019).

Every message is in the language in force when the finding is made (i18n), and for the slips a Danish
officer makes (a decimal comma, a thousands dot, money or a date written as in a letter, a Danish word for
one of the format's values, Word's curly quotes) the hint gives the author's own value rewritten as the
format wants it: "write `amount: 1200000`", "write `status: draft`".
"""

from __future__ import annotations

import datetime
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from problembrief import load as raw
from problembrief import reference
from problembrief.findings import Finding, LazyPattern, Severity, format_path
from problembrief.i18n import N_, _, current_language
from problembrief.load import LoadedBrief, key_value, number, private_to_user
from problembrief.model import Brief
from problembrief.model.common import MAX_DIGITS, Money

# Schema finding codes (rules.md: PB0xx by kind).
MISSING, UNKNOWN_KEY, WRONG_TYPE, NOT_ALLOWED, BAD_DATE, BAD_NUMBER, BAD_FORMAT, EMPTY = (
    "PB010", "PB011", "PB012", "PB013", "PB014", "PB015", "PB016", "PB017",
)
THOUSANDS_SEPARATOR, SPLIT_BY_COMMA = "PB018", "PB019"

# code: (readable name, what it means). Listed by `problembrief rules` and in SARIF. Errors, except
# PB018 in an English brief and PB022 for a tab, which are warnings.
# The summaries are marked for the catalogues and translated where they are shown (`_(summary)`).
SCHEMA_CODES: dict[str, tuple[str, str]] = {
    raw.DUPLICATE_KEY: ("schema.duplicate-key",
                        N_("The same key twice in one mapping; YAML readers silently keep only one.")),
    MISSING: ("schema.missing-key", N_("A required key is missing; reported at the mapping that should hold it.")),
    UNKNOWN_KEY: ("schema.unknown-key",
                  N_("A key the format does not have, with \"did you mean\" and the keys allowed.")),
    WRONG_TYPE: ("schema.wrong-type", N_("A value of the wrong kind: text for a list, a word for true/false, …")),
    NOT_ALLOWED: ("schema.value-not-allowed",
                  N_("A value that is not one of the allowed values, which are listed.")),
    BAD_DATE: ("schema.invalid-date",
               N_("A date that is not a real date written YYYY-MM-DD, or is outside the years 1900-2199.")),
    BAD_NUMBER: ("schema.invalid-number",
                 N_("A number that is not a number, is out of range, has more than 15 digits or an exponent.")),
    BAD_FORMAT: ("schema.invalid-format",
                 N_("A value in the wrong form: a CVR number, an e-mail address, an id, a web address.")),
    EMPTY: ("schema.empty", N_("An empty list, or a text that is empty or only blanks, where something is needed.")),
    THOUSANDS_SEPARATOR: ("schema.thousands-separator",
                          N_("A number written with a dot before three digits (1.240): a parser reads 1,24. "
                             "An error in a Danish brief, a warning in an English one.")),
    SPLIT_BY_COMMA: ("schema.split-by-comma",
                     N_("Inside [ ] or { } a comma started a new item in the middle of a text or a number "
                        "(`§ 7, stk. 3`, `22,5`); the whole value belongs in quotes.")),
    raw.UNSAFE_CHARACTER: ("schema.unsafe-character",
                           N_("A control or invisible character (raw or as an escape such as \\x00) that a Word "
                              "document cannot show as written; a tab, shown as a space, is a warning.")),
}

_PATTERN_MEANING = {
    "cvr": N_("a CVR number of 8 digits, e.g. 29189919 (quote it if it starts with 0: '01234567')"),
    "email": N_("an e-mail address, e.g. name@kommune.dk"),
    "id": N_("a short token that starts with a letter, e.g. O1, C3 or D2"),
}


def _number_hint_general() -> str:
    return _("write numbers without thousands separators and with . as decimal point: 1200000 or 4.1")


def _limit() -> str:
    return _("at most {digits} digits, below {limit}").format(digits=MAX_DIGITS, limit=number(10**MAX_DIGITS))


def validate(loaded: LoadedBrief) -> tuple[Brief | None, list[Finding]]:
    """The Brief, or None with the findings that say why the data is not a brief."""
    findings = list(loaded.findings)
    english = loaded.data.get("language") == "en"
    leaves = list(_leaves(Brief, loaded.data, ()))
    own: list[Finding] = []
    replaced: set[str] = set()  # paths whose pydantic error one of the passes already explains better
    for finding, covers in (*_thousands_separators(loaded, leaves, english=english),
                            *_split_by_comma(loaded, leaves)):
        own.append(finding)
        replaced.add(covers)
    # A web address with a control character is said once, by the loader's PB022 that names it.
    unsafe = {f.path for f in loaded.findings if f.code == raw.UNSAFE_CHARACTER and f.severity is Severity.ERROR}
    try:
        brief: Brief | None = brief_validator().validate_python(loaded.data)  # as Brief.model_validate
    except ValidationError as exc:
        brief = None
        for error in exc.errors(include_url=False):
            finding = _finding(loaded, error)
            if finding.path not in replaced and not (error["type"] == "url_character" and finding.path in unsafe):
                findings.append(finding)
    return brief, findings + own


# --- Reading the raw data with the model's types ---------------------------------------------------------

Leaf = tuple[tuple[str | int, ...], str, str]  # (path, "number" | "text", the value as written)


def _member_kind(member: Any) -> str:
    """What a member of a union reads: "list", "mapping" (a model) or "text" (anything else)."""
    base = typing.get_args(member)[0] if typing.get_origin(member) is typing.Annotated else member
    if typing.get_origin(base) is list:
        return "list"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "mapping"
    return "text"


def _kind_of(value: Any) -> str | None:
    """What a raw value is, as _member_kind names the members that read it: None for nothing a member reads."""
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, str):
        return "text"
    return None


# How the walk of _leaves treats each annotation of the model, worked out once per annotation (the typing
# introspection costs more than the walk): keyed by id, with the annotation kept so that the id stays its own.
_SHAPES: dict[int, tuple[tuple[Any, ...], Any]] = {}


def _shape(annotation: Any) -> tuple[Any, ...]:
    kept = _SHAPES.get(id(annotation))
    if kept is None:
        kept = _SHAPES[id(annotation)] = (_make_shape(annotation), annotation)
    return kept[0]


def _make_shape(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        if base is str and any(getattr(m, "pattern", None) for m in metadata):
            return ("skip",)  # an id, a CVR number, an e-mail address: a form, not free text
        return ("as", base)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return ("union", [(member, _member_kind(member)) for member in members])
    if origin is list:
        return ("list", typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    if annotation in (Decimal, int):
        return ("leaf", "number")
    return ("leaf", "text" if annotation is str else None)


def _leaves(annotation: Any, value: Any, parts: tuple[str | int, ...]) -> Iterator[Leaf]:
    """Every text value in the raw data whose field the model types as a number or as free text (not an
    enum, a date or a pattern such as an id), found by walking the model beside the data: no field's
    path is written down here, so a field added to the model is judged too. The walk follows the model,
    so its depth is the model's, whatever the file's nesting."""
    found: list[Leaf] = []
    _collect(annotation, value, parts, found)
    yield from found


def _collect(annotation: Any, value: Any, parts: tuple[str | int, ...], found: list[Leaf]) -> None:
    shape = _shape(annotation)
    kind = shape[0]
    if kind == "as":
        _collect(shape[1], value, parts, found)
    elif kind == "union":
        value_kind = _kind_of(value)
        member = next((m for m, member_kind in shape[1] if member_kind == value_kind), None)
        if member is not None:
            _collect(member, value, parts, found)
    elif kind == "list":
        if isinstance(value, list):
            for index, element in enumerate(value):
                _collect(shape[1], element, (*parts, index), found)
    elif kind == "model":
        if isinstance(value, dict):
            fields = shape[1].model_fields
            for key, element in value.items():
                field = fields.get(key)
                # pydantic keeps a field's own constraints (a pattern) in its metadata, not in its annotation
                if field is not None and not any(getattr(m, "pattern", None) for m in field.metadata):
                    _collect(field.annotation, element, (*parts, key), found)
    elif kind == "leaf" and shape[1] is not None and isinstance(value, str):
        found.append((parts, shape[1], value))


# A dot before groups of exactly three digits: how Danish writes thousands (1.240 = 1240).
_GROUPED = LazyPattern(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+")
# Danish number forms that are not numbers at all: 1.240,5 or 22,5
_COMMA_GROUPED = LazyPattern(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+")
_DANISH = LazyPattern(r"[+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?")


def _thousands_separators(loaded: LoadedBrief, leaves: list[Leaf], *, english: bool
                          ) -> Iterator[tuple[Finding, str]]:
    """PB018: `1.240` in a number field. A parser reads 1,24; a Danish author meant 1240. In a Danish
    brief (or one whose language is not set) it is an error; in an English one a warning, as 1.240 may be
    a decimal there. With more than one dot it is no number at all, in any language."""
    for parts, kind, value in leaves:
        if kind != "number" or not _GROUPED.fullmatch(value):
            continue
        where = format_path(parts)
        whole = value.replace(".", "")
        if value.count(".") > 1:
            message = _("`{where}` is {value}, which is not a number: . is the decimal point, not a thousands "
                        "separator").format(where=where, value=value)
            hint, severity = _("write {rewritten}").format(rewritten=key_value(parts, whole)), Severity.ERROR
        else:
            read = str(Decimal(value).normalize())
            # 1,24 to a Danish reader, 1.24 to an English one: the number as the message's language writes it
            shown = read.replace(".", ",") if current_language() == "da" else read
            message = _("`{where}` is {value}, which reads as {read}").format(where=where, value=value, read=shown)
            hint = _("write {rewritten}, or {decimal} if you meant a decimal number").format(
                rewritten=key_value(parts, whole), decimal=key_value(parts, read))
            severity = Severity.WARNING if english else Severity.ERROR
        line, column = loaded.position_of(parts) or (None, None)
        yield (Finding(code=THOUSANDS_SEPARATOR, severity=severity, message=message, path=where, line=line,
                       column=column, hint=hint, file=str(loaded.path)), where)


# Words that only continue a text: a legal reference's subdivision, a conjunction, a clause that
# cannot stand as an item of its own. Compared as written (in lower case), except the abbreviations of
# legal references, which are compared in any case (`Stk. 3`).
_REFERENCE_WORDS = {"stk.", "stk", "nr.", "nr", "litra", "pkt.", "pkt", "jf.", "jf", "afsnit", "art.", "para."}
_TAIL_WORDS = {
    # Danish
    "og", "samt", "eller", "men", "dog", "herunder", "især", "særligt", "fx", "f.eks.", "bl.a.", "mv.", "m.v.",
    "m.fl.", "osv.", "inkl.", "ekskl.", "hvor", "når", "som", "der", "fordi", "hvis", "så", "at", "mens",
    "selvom", "hvilket", "hvilke", "indtil", "medmindre", "end",
    # English
    "and", "or", "nor", "but", "etc.", "etc", "e.g.", "i.e.", "incl.", "including", "especially", "which",
    "who", "whom", "whose", "when", "where", "because", "that", "if", "so", "while", "whereas",
    "although", "though", "unless", "until", "than",
}
_ENDS_IN_REFERENCE = LazyPattern(r"(?:§+|stk\.?|nr\.?|litra|pkt\.?)\s*\d+\s*[a-zæøå]?$", re.IGNORECASE)
_BARE_NUMBER = LazyPattern(r"\d+\s*[a-zæøå]?(?:\s|$)")


def _continues(item: str, before: str, after: str | None, *, tight: bool) -> bool:
    """Whether a plain list item can only be the tail of the item before it."""
    words = item.split()
    if not words or not before:
        return False
    first = words[0]
    if first.lower() in _REFERENCE_WORDS or first.rstrip(",;:") in _TAIL_WORDS:
        return True
    if _BARE_NUMBER.match(item) and (_ENDS_IN_REFERENCE.search(before) or (tight and before[-1].isdigit())):
        return True  # `§§ 7, 8`, `stk. 2, 3`, or `22,5` with the comma as a decimal point
    # A lower-case item between capitalised ones: `[Faldene sker om natten, når …]`. A list whose items
    # all but the first are lower case (`[Ældre over 80, demens, nedsat syn]`) is a real list.
    return (first[0].islower() and before[0].isupper()
            and (after is None or not after[:1].islower()))


def _split_by_comma(loaded: LoadedBrief, leaves: list[Leaf]) -> Iterator[tuple[Finding, str]]:
    """PB019: a comma inside [ ] or { } that cut one value in two, read from the parser's events."""
    items: dict[tuple[str | int, ...], dict[int, str]] = {}
    for parts, kind, value in leaves:
        if kind == "text" and parts and isinstance(parts[-1], int) and parts in loaded.flow_items:
            items.setdefault(parts[:-1], {})[parts[-1]] = value
    for list_parts, values in items.items():
        for index, value in sorted(values.items()):
            item = loaded.flow_items[(*list_parts, index)]
            before = values.get(index - 1)
            if not item.plain or before is None:
                continue
            if _continues(value, before, values.get(index + 1), tight=item.tight):
                where = format_path((*list_parts, index))
                message = _("`{where}` is {value}, which reads as the end of the item before it ({before}): inside "
                            "[ ] a comma starts a new item").format(where=where, value=repr(value),
                                                                      before=repr(before))
                hint = _("put the whole value in quotes: `{rewritten}`; if they are separate items, write the list "
                         "one item per line, each starting with `- `").format(
                    rewritten=_as_written(loaded, list_parts, index))
                yield _split_finding(loaded, where, item.start, message, hint), where
    yield from _decimal_commas_in_mappings(loaded)


def _as_written(loaded: LoadedBrief, list_parts: tuple[str | int, ...], index: int) -> str:
    """Two items of a list as the author wrote them, comma and all, in double quotes."""
    first, second = loaded.flow_items[(*list_parts, index - 1)], loaded.flow_items[(*list_parts, index)]
    return '"' + loaded.text[first.start:second.end].replace("\\", "\\\\").replace('"', '\\"') + '"'


_PLAIN_NUMBER = LazyPattern(r"[+-]?\d+")


def _decimal_commas_in_mappings(loaded: LoadedBrief) -> Iterator[tuple[Finding, str]]:
    """`{value: 22,5}` is `{value: 22, 5: }`: a key of digits with no value, right after a comma that
    follows a number, is a decimal comma; said so instead of "unknown key `5`"."""
    for parts, item in loaded.flow_items.items():
        key = parts[-1]  # an item's path ends in its key or index
        if not item.tight or not isinstance(key, str) or not key.isdigit():
            continue
        mapping = loaded.value_at(parts[:-1])
        if not isinstance(mapping, dict) or mapping.get(key, "") is not None:
            continue
        keys = list(mapping)
        previous = keys[keys.index(key) - 1]  # a key right after a comma is never the first
        number = mapping[previous]
        if not isinstance(number, str) or not number[-1:].isdigit():
            continue
        previous_parts = (*parts[:-1], previous)
        where = format_path(previous_parts)
        message = _("`{where}` reads as {number} followed by a stray `{stray}`: inside {{ }} the comma of "
                    "{number},{stray} ends the value").format(where=where, number=number, stray=key)
        if _PLAIN_NUMBER.fullmatch(number):
            hint = _("write {rewritten}, with . as the decimal point").format(
                rewritten=key_value(previous_parts, f"{number}.{key}"))
        else:
            hint = _("put the whole value in quotes: {rewritten}").format(
                rewritten=key_value(previous_parts, raw.quoted(f"{number},{key}")))
        yield _split_finding(loaded, where, item.start, message, hint), format_path(parts)


def _split_finding(loaded: LoadedBrief, where: str, offset: int, message: str, hint: str) -> Finding:
    """A PB019 finding at a character offset of the file."""
    line, column = loaded.position_at(offset)
    return Finding(code=SPLIT_BY_COMMA, severity=Severity.ERROR, message=message, path=where, line=line,
                   column=column, file=str(loaded.path), hint=hint)


def _data_path(data: Any, loc: tuple[str | int, ...], *, keep_last: bool) -> tuple[str | int, ...]:
    """The path in the file for a pydantic location, without the union-member names pydantic adds."""
    parts: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        found = raw.child(node, part)
        if found is not raw.MISSING:
            node = found
            parts.append(part)
        elif keep_last and index == len(loc) - 1:
            parts.append(part)
    return tuple(parts)


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside list[...], X | None, Annotated[...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap_model(arg)
            if found:
                return found
    return None


def _model_at(parts: tuple[str | int, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Brief
    for part in parts:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _unwrap_model(field.annotation) if field else None
    return model


def _enum_class_at(parts: tuple[str | int, ...]) -> type[Enum] | None:
    """The enum of the field at a path (`categories[1]` looks at `categories`)."""
    names = [i for i, p in enumerate(parts) if isinstance(p, str)]
    if not names:
        return None
    parent = _model_at(parts[: names[-1]])
    field = parent.model_fields.get(str(parts[names[-1]])) if parent else None
    stack = [field.annotation] if field else []
    while stack:
        annotation = stack.pop()
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return annotation
        stack.extend(typing.get_args(annotation))
    return None


def _suggest(word: str, choices: list[str]) -> str:
    if len(str(word)) > 64:  # no key is that long, and difflib's cost grows with the length
        return ""
    import difflib  # only a misspelt key or value needs it

    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return _("; did you mean `{value}`?").format(value=close[0]) if close else ""


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("nothing")
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "…")


# --- what the author meant: the value rewritten as the format wants it ---------------------------------------

def _normalise_word(value: str) -> str:
    """`Offentligt  udbud.` -> `offentligt udbud`, as the table of Danish values is keyed."""
    return " ".join(value.lower().replace("-", " ").split()).rstrip(".").strip()


@cache
def _danish_values() -> dict[str, dict[str, str]]:
    """The table of Danish words for the format's values (reference/danish_values.yaml), keys normalised."""
    table = reference.load("danish_values")
    return {kind: {_normalise_word(str(word)): str(value) for word, value in words.items()}
            for kind, words in table.items()}


def meant_value(kind: str, written: str) -> str | None:
    """The format's value a Danish word stands for: `meant_value("Status", "Udkast")` -> `draft`; None if unknown."""
    return _danish_values().get(kind, {}).get(_normalise_word(written))


_DANISH_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                  "november", "december")
_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december")
_MONTH_NUMBERS = {name[:length]: index + 1 for names in (_DANISH_MONTHS, _ENGLISH_MONTHS)
                  for index, name in enumerate(names) for length in (3, 4, len(name))}
_MONTH_NAMES = {"da": _DANISH_MONTHS, "en": tuple(m.capitalize() for m in _ENGLISH_MONTHS)}
_WORDS_DATE = LazyPattern(r"(\d{1,2})\.?\s*([a-zæøå]+)\.?,?\s+(\d{4})", re.IGNORECASE)  # 1. marts 2027, 1 Mar 2027
_ENGLISH_DATE = LazyPattern(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE)  # March 1, 2027
_DAY_FIRST = LazyPattern(r"(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./ ]\s*(\d{4})")  # 01-03-2027, 1/3-2027, 1.3.2027
_YEAR_FIRST = LazyPattern(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")  # 2027-3-1, 2027/03/01
_DATE_AND_TIME = LazyPattern(r"(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?.*)")  # 2027-03-01 10:00


def _date_meant(value: str) -> datetime.date | None:
    """The date a date written as in a letter stands for, read day first as Danish writes it; None if none."""
    text = value.strip()
    for pattern, order in ((_WORDS_DATE, "dmy"), (_ENGLISH_DATE, "mdy"), (_DAY_FIRST, "dmy"), (_YEAR_FIRST, "ymd"),
                           (_DATE_AND_TIME, "iso")):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        try:
            if order == "iso":
                return datetime.date.fromisoformat(match.group(1))
            parts = dict(zip(order, match.groups(), strict=True))
            month = parts["m"]
            month_number = int(month) if month.isdigit() else _MONTH_NUMBERS.get(month.lower())
            if month_number is None:
                return None
            return datetime.date(int(parts["y"]), month_number, int(parts["d"]))
        except ValueError:
            return None
    return None


def _date_in_words(date: datetime.date) -> str:
    """`1. marts 2027` or `1 March 2027`, in the language of the message."""
    if current_language() == "da":
        return f"{date.day}. {_MONTH_NAMES['da'][date.month - 1]} {date.year}"
    return f"{date.day} {_MONTH_NAMES['en'][date.month - 1]} {date.year}"


def _date_hint(parts: tuple[str | int, ...], value: Any) -> str:
    date = _date_meant(value) if isinstance(value, str) else None
    if date is None:
        return _("write dates as in 2027-03-01")
    return _("write {rewritten}: dates are written year-month-day ({date})").format(
        rewritten=key_value(parts, date.isoformat()), date=_date_in_words(date))


_SCALES = ((LazyPattern(r"\b(?:mia|mia\.|milliard|milliarder|billion|bn)(?=\W|$)"), Decimal(10) ** 9),
           (LazyPattern(r"\b(?:mio|mio\.|mill|million|millioner|mn|m)(?=\W|$)"), Decimal(10) ** 6),
           (LazyPattern(r"(?:\bt\.?\s?kr\b|\btkr\b|\btusind\b|\bk\b)"), Decimal(10) ** 3))
_EUROS = LazyPattern(r"€|\beur\b|\beuro\b")
_KRONER = LazyPattern(r"\bkr\b|\bkroner\b|\bdkk\b")
_MONEY_WORDS = LazyPattern(r"€|\b(?:eur|euro|kr|kroner|dkk|mia|milliard|milliarder|billion|bn|mio|mill|million|"
                          r"millioner|mn|m|tkr|t|tusind|k|ekskl|excl|inkl|incl|moms|vat)\b|[.,\-\s]")
_FIGURE = LazyPattern(r"\d[\d.,]*\d|\d")


def _plain_figure(figure: str) -> Decimal | None:
    """A figure written the Danish way (1.200.000 or 1,2) or with English grouping (1,200,000), as a number."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", figure) or re.fullmatch(r"\d+(?:,\d+)?", figure):
        text = figure.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", figure) or re.fullmatch(r"\d+\.\d+", figure):
        text = figure.replace(",", "")
    else:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits
        return None


def money_meant(value: str) -> tuple[str, str | None] | None:
    """The amount (and currency) that money written as text stands for: `1,2 mio. kr.` -> ("1200000", "DKK"),
    `kr. 800.000` -> ("800000", "DKK"), `€ 50.000` -> ("50000", "EUR"); None when it is not money written so
    (a currency or a `mio.` is needed, and nothing but one figure and such words)."""
    text = value.strip().lower()
    figures = _FIGURE.findall(text)
    if len(figures) != 1 or _MONEY_WORDS.sub("", text.replace(figures[0], " ", 1)):
        return None
    currency = "EUR" if _EUROS.search(text) else "DKK" if _KRONER.search(text) else None
    scale = next((factor for pattern, factor in _SCALES if pattern.search(text.replace(figures[0], " ", 1))),
                 None)
    if currency is None and scale is None:
        return None
    amount = _plain_figure(figures[0])
    if amount is None:
        return None
    amount *= scale or 1
    return format(amount.normalize(), "f"), currency


def _finding(loaded: LoadedBrief, error: Any) -> Finding:
    kind: str = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    parts = _data_path(loaded.data, loc, keep_last=kind == "missing")  # an unknown key is in the data
    where = format_path(parts)  # never empty: the top level is a mapping, and every error is at a key
    field_name = next((p for p in reversed(parts) if isinstance(p, str)), "")
    hint: str | None = None

    if kind == "missing":
        code = MISSING
        message = _("`{where}` is required but missing").format(where=where)
        position = loaded.position_of(parts[:-1], prefer_key=True)
        parent = format_path(parts[:-1])
        hint = (_("add `{key}:` under `{parent}`").format(key=field_name, parent=parent) if parent
                else _("add `{key}:` at the top level").format(key=field_name))
    elif kind == "extra_forbidden":
        code = UNKNOWN_KEY
        model = _model_at(parts[:-1])
        allowed = list(model.model_fields) if model else []
        message = _("unknown key `{where}`").format(where=where) + _suggest(field_name, allowed)
        position = loaded.position_of(parts, prefer_key=True)
        if allowed:
            hint = _("allowed keys here: {keys}").format(keys=", ".join(allowed))
        if value is None and tuple(parts) in loaded.flow_items:
            # `{source: Foo, 2026}` makes "2026" a key: the commonest slip in flow mappings. (A key left empty
            # in block style is just a misspelt key: it keeps the list of allowed keys.)
            hint = _split_key_hint(loaded, tuple(parts))
    else:
        position = loaded.position_of(parts)
        code, message, hint = _describe_value_error(kind, where, parts, value, error.get("ctx") or {})
        inner = raw.without_curly_quotes(value) if isinstance(value, str) else None
        if inner is not None:
            message = _("`{where}` is {value}, in Word's curly quotes, which YAML keeps as part of the value").format(
                where=where, value=_show(value))
            enum = _enum_class_at(parts)
            meant = (meant_value(enum.__name__, inner) if enum else None) or inner
            hint = _("write {rewritten}, without the curly quotes; to quote a value, type straight quotes \" or '"
                     ).format(rewritten=key_value(parts, meant))

    line, column = position if position else (None, None)
    return Finding(code=code, severity=Severity.ERROR, message=message, path=format_path(parts),
                   line=line, column=column, hint=hint, file=str(loaded.path))


def _split_key_hint(loaded: LoadedBrief, parts: tuple[str | int, ...]) -> str:
    """For a stray key after a comma in `{ }`: the value before it in quotes, as the author meant it."""
    general = _("if this was meant as part of the value before it, put that value in quotes: a comma inside { } "
                "or [ ] starts a new item")
    mapping = loaded.value_at(parts[:-1])
    keys = list(mapping) if isinstance(mapping, dict) else []
    position = keys.index(parts[-1]) if parts[-1] in keys else 0
    if position == 0:
        return general
    previous = (*parts[:-1], keys[position - 1])
    span = loaded.spans.get(previous)
    if span is None or not isinstance(mapping.get(keys[position - 1]), str):
        return general
    written = loaded.text[span[0]: loaded.flow_items[parts].end]
    if "\n" in written:
        return general
    return _("if this was meant as part of the value before it, put that value in quotes: {rewritten}; a comma "
             "inside {{ }} or [ ] starts a new item").format(rewritten=key_value(previous, raw.quoted(written)))


def _describe_value_error(kind: str, where: str, parts: tuple[str | int, ...], value: Any,
                          ctx: dict[str, Any]) -> tuple[str, str, str | None]:
    got = _show(value)
    custom = _describe_custom(kind, where, parts, value, ctx)
    if custom is not None:
        return custom
    if kind in ("enum", "literal_error"):
        enum = _enum_class_at(parts)
        allowed = ([member.value for member in enum] if enum else
                   [v.strip(" '") for v in str(ctx.get("expected", "")).replace(" or ", ",").split(",") if v.strip()])
        listed = ", ".join(allowed)
        meant = meant_value(enum.__name__, value) if enum and isinstance(value, str) else None
        if meant is not None:
            return (NOT_ALLOWED, _("`{where}` is {value}, which is not allowed: the format's values are English "
                                   "words, and {value} is `{meant}`").format(where=where, value=got, meant=meant),
                    _("write {rewritten}; allowed values: {values}").format(rewritten=key_value(parts, meant),
                                                                            values=listed))
        return (NOT_ALLOWED, _("`{where}` is {value}, which is not allowed").format(where=where, value=got)
                + _suggest(str(value), allowed), _("allowed values: {values}").format(values=listed))
    if kind.startswith("date"):  # pydantic's date_* and datetime_*, and the model's date_form
        return (BAD_DATE, _("`{where}` must be a date written YYYY-MM-DD, not {value}").format(where=where, value=got),
                _date_hint(parts, value))
    if kind.startswith(("int_", "decimal_", "float_")):
        message = (_("`{where}` must be a whole number, not {value}") if kind.startswith("int")
                   else _("`{where}` must be a number, not {value}"))
        return (BAD_NUMBER, message.format(where=where, value=got), _number_hint(parts, value))
    if kind in ("greater_than_equal", "greater_than"):
        return (BAD_NUMBER, _("`{where}` must be at least {minimum}, not {value}").format(
            where=where, minimum=ctx.get("ge", ctx.get("gt")), value=got), None)
    if kind == "string_pattern_mismatch":
        key = next((p for p in reversed(parts) if isinstance(p, str)), "")
        meaning = _PATTERN_MEANING.get(key)
        message = (_("`{where}` must be {meaning}, not {value}").format(where=where, meaning=_(meaning), value=got)
                   if meaning else _("`{where}` must be in the expected form, not {value}").format(where=where,
                                                                                                    value=got))
        return (BAD_FORMAT, message, None)
    if kind in ("too_short", "string_too_short"):
        if kind == "too_short":
            return (EMPTY, _("`{where}` needs at least one item").format(where=where), None)
        return (EMPTY, _("`{where}` must not be empty").format(where=where), None)
    if kind.startswith("bool"):
        meant = meant_value("bool", value) if isinstance(value, str) else None
        hint = (_("write {rewritten} ({value} is {meant})").format(rewritten=key_value(parts, meant), value=got,
                                                                    meant=meant) if meant else None)
        return (WRONG_TYPE, _("`{where}` must be true or false, not {value}").format(where=where, value=got), hint)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        money = _money_hint(parts, value)
        if money is not None:
            return money
        return (WRONG_TYPE, _("`{where}` must be a mapping of keys, not {value}").format(
            where=where, value=_describe_kind(value)), _("indent the keys that belong to it under it"))
    if kind == "list_type":
        return (WRONG_TYPE, _("`{where}` must be a list, not {value}").format(where=where, value=_describe_kind(value)),
                _("write each item on its own line starting with `- `"))
    if kind == "string_type":
        return (WRONG_TYPE, _("`{where}` must be text, not {value}").format(where=where, value=_describe_kind(value)),
                None)
    return (WRONG_TYPE, _("`{where}` has a value of the wrong kind: {value}").format(where=where, value=got), None)


def _money_hint(parts: tuple[str | int, ...], value: Any) -> tuple[str, str, str | None] | None:
    """Money given as one value (`estimated_value: 1,2 mio. kr.`): the mapping it should be, with the amount."""
    model = _model_at(parts)
    if not (isinstance(value, str) and model is not None and issubclass(model, Money)):
        return None
    where = format_path(parts)
    meant = money_meant(value)
    figure = _plain_figure(value.strip()) if meant is None else None
    if meant is None and figure is None:
        return None
    amount, currency = meant if meant is not None else (format(figure, "f"), None)
    mapping = f"{{amount: {amount}, currency: {currency}}}" if currency else f"{{amount: {amount}}}"
    return (WRONG_TYPE, _("`{where}` is an amount of money, written with `amount:` (a number) and `currency:`, "
                          "not the single value {value}").format(where=where, value=_show(value)),
            _("write {rewritten}").format(rewritten=key_value(parts, mapping)))


def _describe_kind(value: Any) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("empty")
    return _("the single value {value}").format(value=_show(value))


def _number_hint(parts: tuple[str | int, ...], value: Any) -> str:
    """The general rule, or, for a number written the Danish way (`1.240,5`, `22,5`) or money written as text
    (`1,2 mio. kr.`), the same number written as the format wants it."""
    money = money_meant(value) if isinstance(value, str) else None
    if money is not None:
        amount, currency = money
        if currency == "EUR":
            return _("write {rewritten} and `currency: EUR`: an amount is a number, without the currency, `mio.` "
                     "or thousands separators").format(rewritten=key_value(parts, amount))
        return _("write {rewritten}: an amount is a number, without `kr.`, `mio.` or thousands separators"
                 ).format(rewritten=key_value(parts, amount))
    if isinstance(value, str) and _COMMA_GROUPED.fullmatch(value):  # 1,000: a thousand, or Danish 1,0?
        whole = value.replace(",", "")
        if value.count(",") == 1:
            decimal = format(Decimal(value.replace(",", ".")).normalize(), "f")
            return _("write {rewritten} if you meant {whole}, or {decimal} if the comma is a decimal point; no "
                     "thousands separators").format(rewritten=key_value(parts, whole), whole=whole,
                                                    decimal=key_value(parts, decimal))
        return _("write {rewritten} if you meant {whole}; no thousands separators").format(
            rewritten=key_value(parts, whole), whole=whole)
    if isinstance(value, str) and _DANISH.fullmatch(value) and "," in value:
        return _("{value} is written the Danish way; write {rewritten}, with . as the decimal point and no thousands "
                 "separators").format(value=value, rewritten=key_value(parts, value.replace(".", "").replace(",", ".")))
    return _number_hint_general()


def _describe_custom(kind: str, where: str, parts: tuple[str | int, ...], value: Any,
                     ctx: dict[str, Any]) -> tuple[str, str, str | None] | None:
    """The errors raised by the model's own validators (model/common.py), by their type."""
    got = _show(value)
    if kind == "number_form":
        return (BAD_NUMBER, _("`{where}` must be a number, not {value}").format(where=where, value=got),
                _number_hint(parts, value))
    if kind == "number_exponent":
        return (BAD_NUMBER, _("`{where}` is {value}, a number written with an exponent").format(where=where, value=got),
                _("write the number out in full ({limit})").format(limit=_limit()))
    if kind == "number_not_finite":
        return (BAD_NUMBER, _("`{where}` must be a number, not {value}").format(where=where, value=got),
                _("infinity and nan are not numbers a document can show; write a number ({limit})").format(
                    limit=_limit()))
    if kind == "number_too_long":
        return (BAD_NUMBER, _("`{where}` has more than {digits} digits; a number may have {limit}").format(
            where=where, digits=MAX_DIGITS, limit=_limit()),
                _("round it, or give it in a larger unit (thousands, millions) and say so in the text"))
    if kind == "date_not_real":
        return (BAD_DATE, _("`{where}` is {value}, which is not a real date").format(where=where, value=got),
                _("check the day and the month"))
    if kind == "date_out_of_range":
        return (BAD_DATE, _("`{where}` is {value}, outside the dates a brief can use ({first} to {last})").format(
            where=where, value=got, first=ctx["min"], last=ctx["max"]), _("check the year"))
    if kind == "text_blank":
        return (EMPTY, _("`{where}` holds only blanks").format(where=where),
                _("write the text, or leave out a key that is optional"))
    if kind == "url_character":
        return (BAD_FORMAT, _("`{where}` contains {character}; a web address has no spaces, line breaks or control "
                              "characters").format(where=where, character=ctx["char"]),
                _("copy the address again from the browser's address bar (a space is written %20)"))
    if kind == "url_entity":
        return (BAD_FORMAT, _("`{where}` contains {entity}, an HTML entity, not a character of the address").format(
            where=where, entity=ctx["entity"]), _("write the character itself, e.g. & instead of &amp;"))
    if kind == "url_scheme":
        return (BAD_FORMAT, _("`{where}` must be a web address that starts with http:// or https://, or a mailto: "
                              "address, not {value}").format(where=where, value=got),
                _("e.g. https://www.kl.dk or mailto:name@kommune.dk"))
    return None


# --- The Brief's validator, built once and kept between runs ---------------------------------------------
#
# Building the validator from the model (pydantic's schema generation, in Python, over some forty models)
# costs more than validating a brief, and every command that checks a brief is a new process. So the schema it
# builds is kept in the user's cache folder, as JSON that names the model's own classes, enums and functions by
# module and name, and read back into pydantic-core's validator (in Rust, a millisecond). The file's name is
# a digest of everything the schema is made from: the brief format's version, problembrief's, pydantic's and
# Python's, and the model's source; any change builds (and keeps) a new one. What is read is trusted as little
# as a configuration file: only a file and folder of the user's own that nobody else may write, only names in
# the model's modules and pydantic's own validators, a size limit; anything else is passed over and the
# validator built as before. Never worse than no cache: a folder that cannot be written is simply not used.
# The schema repeats itself (every optional text field is the same few nested objects), so each object written
# more than once is written once, in `shared`, and named by its place there: a third of the text to read.

CACHE_FORMAT = 2
CACHE_PREFIX = "brief-validator-"
_CACHE_MAX_BYTES = 2 * 1024 * 1024
# The objects a kept schema may stand for, each `$same` written out: the model's is some 2,000.
_KEPT_MAX_OBJECTS = 50_000
# The modules whose classes and functions a kept schema may name: the model, and pydantic's own validators
# (constraints such as `ge=0`); and the builtin types it names as default factories or field types.
_TRUSTED_MODULES = ("problembrief.model.", "pydantic._internal._validators")
_TRUSTED_BUILTINS = frozenset({"list", "dict", "set", "frozenset", "tuple", "str", "int", "float", "bool"})


class _NotKept(Exception):
    """A schema or a file that the cache does not hold: the validator is built from the model instead."""


def format_version() -> str:
    """The brief format's version(s), as `schema_version` accepts them (`1`)."""
    annotation = Brief.model_fields["schema_version"].annotation
    return ",".join(str(v) for v in typing.get_args(annotation)) or repr(annotation)


def validator_key() -> str:
    """The digest that names a kept validator: the format's version, the versions of problembrief, pydantic and
    Python, and the model's source. Any change names another file."""
    import sys
    import zlib

    import pydantic_core

    from problembrief import __version__, model

    # Two checksums (hashlib's import alone would cost more than reading the cache): the key tells versions
    # apart, it guards nothing; what is read is checked for itself (_read_kept).
    parts = [f"cache {CACHE_FORMAT}", f"format {format_version()}", f"problembrief {__version__}",
             f"pydantic-core {pydantic_core.__version__}", f"python {sys.version}"]
    data = "\0".join(parts).encode()
    crc, adler = zlib.crc32(data), zlib.adler32(data)
    for source in sorted(Path(model.__file__).parent.glob("*.py")):
        text = source.name.encode() + b"\0" + source.read_bytes()
        crc, adler = zlib.crc32(text, crc), zlib.adler32(text, adler)
    return f"{crc:08x}{adler:08x}"


def cache_folder() -> Path | None:
    """The user's cache folder for problembrief (XDG_CACHE_HOME, else ~/.cache; on Windows LOCALAPPDATA)."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError, OSError):  # no home folder known
            return None
    return Path(base) / "problembrief"


@cache
def brief_validator() -> Any:
    """The validator of a Brief (pydantic-core's SchemaValidator, as `Brief.model_validate` uses), read from
    the cache when a trusted one is kept, otherwise built from the model and kept for the next run."""
    from pydantic_core import SchemaValidator

    folder = cache_folder()
    key = validator_key()
    if folder is not None:
        kept = _read_kept(folder / f"{CACHE_PREFIX}{key}.json", key)
        if kept is not None:
            try:
                return SchemaValidator(*kept)
            except Exception:  # a schema this pydantic-core does not take after all: build it as usual
                pass
    Brief.model_rebuild()
    validator = Brief.__pydantic_validator__
    if folder is not None:
        _keep(folder, key, validator)
    return validator


def _read_kept(path: Path, key: str) -> tuple[Any, Any] | None:
    import json
    import os

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            if not private_to_user(os.fstat(stream.fileno())) or not private_to_user(os.stat(path.parent)):
                return None
            data = stream.read(_CACHE_MAX_BYTES + 1)
        if len(data) > _CACHE_MAX_BYTES:
            return None
        decoder = _Decoder()
        kept = json.loads(data, object_hook=decoder.decoded)
        if not isinstance(kept, dict) or kept.get("key") != key or set(kept) != {"key", "shared", "schema", "config"}:
            return None
        decoder.check(kept)
        return kept["schema"], kept["config"]
    except (OSError, ValueError, KeyError, TypeError, _NotKept):
        return None


def _keep(folder: Path, key: str, validator: Any) -> None:
    """Write the validator's schema into the cache (whole or not at all), and drop the other versions' files."""
    import json
    import os
    import tempfile

    try:
        schema, config = validator.__reduce__()[1][:2]
        shared: list[Any] = []
        written = _Sharing(shared, _encode(schema), _encode(config))
        text = json.dumps({"key": key, "shared": shared, "schema": written.rewrite(written.schema),
                           "config": written.rewrite(written.config)}, separators=(",", ":"), ensure_ascii=False)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not private_to_user(os.stat(folder)):
            return
        handle, temporary = tempfile.mkstemp(prefix=".kept-", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, folder / f"{CACHE_PREFIX}{key}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{CACHE_PREFIX}*.json"):
            if old.name != f"{CACHE_PREFIX}{key}.json":
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError, _NotKept):
        return


class _Sharing:
    """Writes each object that the encoded schema and config hold more than once (and that is larger than a
    reference to it) once, into `shared` as `{"$share": i, "value": …}`, and `{"$same": i}` wherever it stands. An
    entry's own objects are shared first, so every `$same` names an entry written before it: the reader meets
    each entry before any use of it, and no entry can name itself or a later one."""

    def __init__(self, shared: list[Any], schema: Any, config: Any) -> None:
        import collections

        self.shared = shared
        self.schema, self.config = schema, config
        # Two objects are the same when they would be written the same: each object is named by a number, from
        # its keys, the types and values of its scalars and the numbers of its own objects (in one pass).
        self._tokens: dict[tuple[Any, ...], int] = {}
        self._number: dict[int, int] = {}  # id of an encoded object -> its number
        self._entries: dict[int, int] = {}  # number -> keys and items in it, its own objects' included
        self._counts: collections.Counter[int] = collections.Counter()
        self._name(schema)
        self._name(config)
        self._index: dict[int, int] = {}  # number -> place in shared

    def _name(self, value: Any) -> tuple[str, Any]:
        """("number", n) for an object or array (numbering it), (type, value) for a scalar."""
        if isinstance(value, dict):
            children = [self._name(item) for item in value.values()]
            token: tuple[Any, ...] = ("object", tuple(zip(value, children, strict=True)))
        elif isinstance(value, list):
            children = [self._name(item) for item in value]
            token = ("array", tuple(children))
        else:
            return (type(value).__name__, value)
        number = self._tokens.setdefault(token, len(self._tokens))
        if number not in self._entries:
            self._entries[number] = len(children) + sum(self._entries[n] for kind, n in children if kind == "number")
        self._number[id(value)] = number
        self._counts[number] += 1
        return ("number", number)

    def _repeated(self, value: dict[str, Any]) -> int | None:
        number = self._number[id(value)]
        return number if self._counts[number] > 1 and self._entries[number] >= 3 else None

    def rewrite(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.rewrite(item) for item in value]
        if not isinstance(value, dict):
            return value
        number = self._repeated(value)
        if number is None:
            return {key: self.rewrite(item) for key, item in value.items()}
        if number not in self._index:
            body = {key: self.rewrite(item) for key, item in value.items()}  # its own shared objects first
            self._index[number] = len(self.shared)
            self.shared.append({"$share": len(self.shared), "value": body})
        return {"$same": self._index[number]}


def _name(value: Any) -> str:
    module, qualname = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str) or "<" in qualname:
        raise _NotKept(repr(value))
    if module == "builtins" and qualname in _TRUSTED_BUILTINS:
        return f"builtins:{qualname}"
    if not module.startswith(_TRUSTED_MODULES) or _named(f"{module}:{qualname}") is not value:
        raise _NotKept(f"{module}:{qualname}")
    return f"{module}:{qualname}"


def _named(reference: Any) -> Any:
    """The class or function a kept name refers to, only inside the trusted modules."""
    import importlib
    import types as pytypes

    if not isinstance(reference, str) or reference.count(":") != 1:
        raise _NotKept(repr(reference))
    module, qualname = reference.split(":")
    if module == "builtins":
        if qualname not in _TRUSTED_BUILTINS:
            raise _NotKept(reference)
        import builtins

        return getattr(builtins, qualname)
    if not module.startswith(_TRUSTED_MODULES) or not all(p.isidentifier() and not p.startswith("__")
                                                        for p in qualname.split(".")):
        raise _NotKept(reference)
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    if not isinstance(found, type | pytypes.FunctionType):
        raise _NotKept(reference)
    return found


def _encode(value: Any) -> Any:
    """A core schema as JSON: classes and functions by name, enum members by class and name; the `metadata`
    (which only the JSON Schema export reads) left out. Raises _NotKept for anything else."""
    import functools

    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, Enum):
        return {"$member": _name(type(value)), "name": value.name}
    if isinstance(value, dict):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):
            raise _NotKept("a key that is not text, or one the encoding uses")
        return {k: _encode(v) for k, v in value.items() if k != "metadata"}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, functools.partial):
        return {"$partial": _name(value.func), "args": [_encode(a) for a in value.args],
                "keywords": {k: _encode(v) for k, v in value.keywords.items()}}
    if isinstance(value, type) or callable(value):
        return {"$ref": _name(value)}
    raise _NotKept(type(value).__name__)


class _Decoder:
    """json's object_hook for a kept schema (inner objects first): a tagged object back to what it names.

    A schema names the same few dozen classes and functions hundreds of times, so each name is looked up (and
    checked, by `_named`) once per file read; and most objects carry no tag, so they are passed over first.

    A `$same` gives the entry of `shared` it names, not a copy; but pydantic-core builds a validator for each place
    the entry stands, so `expanded` counts the objects as if each `$same` were written out (an entry as many as it
    holds, itself written out), and `check` refuses a file that would make a schema larger than the model's could
    be, such as entries that each name the one before twice."""

    def __init__(self) -> None:
        self._named: dict[str, Any] = {}
        self._shared: list[Any] = []  # the `shared` entries read so far, by place
        self._sizes: list[int] = []  # the objects each entry stands for, written out
        self.expanded = 0  # the objects read so far, written out
        self._mark = 0  # `expanded` when the entry before was read: each entry's objects are read after it

    def check(self, kept: Any) -> None:
        """Raise _NotKept unless every entry was read in its place in `shared` (so that the count of each is
        exact) and the whole is of a size the model's schema can have."""
        if not isinstance(kept, dict) or not isinstance(kept.get("shared"), list) \
                or len(kept["shared"]) != len(self._shared) \
                or any(read is not entry for read, entry in zip(kept["shared"], self._shared, strict=True)):
            raise _NotKept("a shared object outside `shared`")
        if self.expanded > _KEPT_MAX_OBJECTS:
            raise _NotKept("a schema too large")

    def named(self, reference: Any) -> Any:
        if not isinstance(reference, str):
            return _named(reference)  # refused there
        found = self._named.get(reference)
        if found is None:
            found = self._named[reference] = _named(reference)
        return found

    def decoded(self, value: dict[str, Any]) -> Any:
        self.expanded += 1
        for key in value:
            if key[:1] == "$":
                break
        else:
            return value  # no tag: a plain object of the schema
        import functools

        if "$ref" in value and len(value) == 1:
            return self.named(value["$ref"])
        if "$member" in value and set(value) == {"$member", "name"}:
            enum = self.named(value["$member"])
            if not (isinstance(enum, type) and issubclass(enum, Enum)) or not isinstance(value["name"], str):
                raise _NotKept(value["$member"])
            return enum[value["name"]]
        if "$tuple" in value and len(value) == 1 and isinstance(value["$tuple"], list):
            return tuple(value["$tuple"])
        if "$partial" in value and set(value) == {"$partial", "args", "keywords"}:
            if not isinstance(value["args"], list) or not isinstance(value["keywords"], dict):
                raise _NotKept("a partial")
            return functools.partial(self.named(value["$partial"]), *value["args"], **value["keywords"])
        if "$share" in value and set(value) == {"$share", "value"}:
            if type(value["$share"]) is not int or value["$share"] != len(self._shared):
                raise _NotKept("a shared object out of place")
            self._shared.append(value["value"])
            self._sizes.append(self.expanded - self._mark)
            self._mark = self.expanded
            return value["value"]
        if "$same" in value and len(value) == 1:
            index = value["$same"]
            if type(index) is not int or not 0 <= index < len(self._shared):
                raise _NotKept("a shared object not written before")
            self.expanded += self._sizes[index]
            if self.expanded > _KEPT_MAX_OBJECTS:  # at once: the count may grow fast
                raise _NotKept("a schema too large")
            return self._shared[index]
        raise _NotKept("an unknown tag")
