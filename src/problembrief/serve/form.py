"""The guided form, generated from the format: steps, fields, labels, help, and where each finding belongs.

The fields come from the JSON Schema of the models (`schema.json_schema`), walked once per language: its
`$ref`s and `$defs` resolved, `anyOf` with null read as an optional field, a list that also takes one text
(`users[].needs`) as a list that accepts a single value, an enum as a choice, `format: date` as a date, an
object of amount and currency as money, and the patterns of tokens, CVR numbers, e-mail and web addresses
kept for the browser where its regular expressions can read them. The descriptions are the schema's, in the
language asked for. Nothing here is written per field except the short labels (LABELS, LABEL_OVERRIDES),
which fields are long text (LONG_TEXT) and which top-level keys each step edits (STEPS); the words of the
choices are the documents' own (`render.labels`).

Paths are the findings' (`outcomes[1].target.value`, `findings.format_path`): `parse_path` reads them back,
`anchor` finds the field or group of the form a finding is shown beside, `step_of` the step, and
`section_status` says whether a step is missing, in progress or done.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from problembrief import i18n
from problembrief.findings import Finding, Severity
from problembrief.i18n import N_, _, pgettext
from problembrief.load import MISSING, child
from problembrief.model import common
from problembrief.render import labels as document_labels
from problembrief.schema import URL, json_schema

Path_ = tuple[str | int, ...]

KINDS = ("text", "textarea", "number", "integer", "date", "choice", "bool", "url", "email", "object", "list",
         "money")


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the YAML key ("summary"); "" for list items
    kind: str  # one of KINDS
    label: str  # short label in the language
    help: str  # the field's description from the schema, in the language
    required: bool
    choices: tuple[tuple[str, str], ...] = ()  # (value, label): a choice's values, and a bool's ("true", "false")
    children: tuple[FieldSpec, ...] = ()  # for "object" and "money"
    item: FieldSpec | None = None  # for "list": the spec of one item
    accepts_single: bool = False  # a list the format also accepts as one text (`users[].needs`)
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None  # for the browser's `pattern` attribute (HTML's regular expressions), or None
    default: str | bool | None = None

    def child(self, key: str) -> FieldSpec | None:
        return next((c for c in self.children if c.key == key), None)


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    intro: str
    keys: tuple[str, ...]  # the top-level keys of the brief the step edits
    fields: tuple[FieldSpec, ...]  # their specs, in the order of `keys`


# --- the tables: labels, long text, steps ---------------------------------------------------------------

# A short label for every key of the format, by key (English is the message id; the catalogue `form` has the
# Danish). Where a key means something else under another parent, LABEL_OVERRIDES says so.
LABELS: dict[str, str] = {
    "amount": N_("Amount"),
    "authorities": N_("Contracting authorities"),
    "award_criteria": N_("Sub-criteria and weighting"),
    "award_on_initial_tenders": N_("Award on the initial tenders"),
    "background": N_("Background"),
    "baseline": N_("Baseline"),
    "beneficiaries": N_("Authorities that may use the option"),
    "body": N_("Who decides"),
    "brief": N_("About the brief"),
    "budget": N_("Budget of the proof of concept"),
    "by": N_("To be reached by"),
    "categories": N_("Categories of personal data"),
    "category": N_("Category"),
    "characteristics": N_("Characteristics"),
    "confidentiality": N_("Confidentiality"),
    "consequences": N_("Consequences"),
    "constraints": N_("Constraints"),
    "contact": N_("Contact person"),
    "contract_period_months": N_("Contract period in months"),
    "contract_signing": N_("Who signs the contract"),
    "contract_type": N_("Contract type"),
    "count": N_("Number"),
    "criteria": N_("Decision criteria"),
    "currency": N_("Currency"),
    "current_practice": N_("How the problem is handled today"),
    "cvr": N_("CVR number"),
    "data": N_("Data and legal basis for processing"),
    "data_subjects": N_("Categories of data subjects"),
    "date": N_("Date"),
    "dates": N_("Dates"),
    "decision": N_("Decision on scale-up"),
    "description": N_("Description"),
    "dilemma": N_("The dilemma"),
    "direction": N_("Direction"),
    "dpia": N_("Data protection impact assessment (DPIA)"),
    "email": N_("E-mail address"),
    "end": N_("Ends"),
    "equal_treatment": N_("Equal treatment"),
    "estimated_value": N_("Estimated contract value (excl. VAT)"),
    "ethics": N_("Ethical dilemmas"),
    "evaluation": N_("Evaluation"),
    "evaluation_method": N_("Evaluation method"),
    "events": N_("Meetings and activities"),
    "exit_strategy": N_("Exit strategy"),
    "figure": N_("Figure"),
    "findings": N_("Outcome of the market dialogue"),
    "format": N_("Form of the activity"),
    "formats": N_("Forms of dialogue"),
    "funding": N_("Funding of operation"),
    "gdpr_art6": N_("GDPR Article 6"),
    "gdpr_art9": N_("GDPR Article 9"),
    "go_no_go": N_("Decision to continue"),
    "handling": N_("Handling"),
    "how": N_("How"),
    "id": N_("Short id"),
    "impact": N_("Impact"),
    "included_in_estimated_value": N_("Included in the estimated value"),
    "indicator": N_("Indicator"),
    "innovation_partnership": N_("The innovation partnership"),
    "integration": N_("Integration with existing systems"),
    "involvement": N_("Involvement of citizens and staff"),
    "ip_rights": N_("Intellectual property rights"),
    "kind": N_("Kind of sub-criterion"),
    "label": N_("Name of the milestone"),
    "language": N_("Language of the documents"),
    "legal_basis": N_("Legal basis and national law (development and testing)"),
    "legal_basis_operation": N_("Legal basis and national law (operation)"),
    "likelihood": N_("Likelihood"),
    "link": N_("Link or web page"),
    "lint_ignore": N_("Rules switched off"),
    "location": N_("Where the data is processed"),
    "mandatory": N_("Minimum requirement"),
    "market_dialogue": N_("Market dialogue"),
    "max_cost": N_("Maximum costs of the purchase after the proof of concept"),
    "max_quantity": N_("Maximum quantity"),
    "max_value": N_("Maximum value (excl. VAT)"),
    "measurement": N_("Measurement"),
    "milestone": N_("Milestone"),
    "minimum_requirements": N_("Minimum requirements"),
    "mitigation": N_("Mitigation"),
    "name": N_("Name"),
    "national": N_("National provisions"),
    "needs": N_("Needs"),
    "note": N_("Note"),
    "notice_number": N_("Contract notice number (TED)"),
    "operations_owner": N_("Responsible for operation"),
    "options": N_("Options in the contract"),
    "other_authorities": N_("Other interested contracting authorities"),
    "out_of_scope": N_("Out of scope"),
    "outcome": N_("Outcome (id)"),
    "outcomes": N_("Outcomes"),
    "owner": N_("Owner"),
    "participants": N_("Participants"),
    "partners": N_("Number of partners"),
    "payment_linked": N_("Linked to payment"),
    "payment_model": N_("Payment model"),
    "personal_data": N_("Contains personal data"),
    "phases": N_("Phases"),
    "phone": N_("Phone"),
    "place": N_("Place"),
    "poc": N_("Proof of concept (POC)"),
    "problem": N_("The problem"),
    "procedure": N_("Procedure"),
    "processor_agreement": N_("Data processing agreement"),
    "procurement": N_("The procurement"),
    "procurement_route": N_("Procurement route"),
    "publication": N_("Publication of minutes and answers"),
    "purpose": N_("Purpose"),
    "questions_for_suppliers": N_("Questions for suppliers"),
    "reach": N_("Reach"),
    "reference": N_("Case number"),
    "references": N_("References"),
    "registration": N_("Registration"),
    "registration_deadline": N_("Registration deadline"),
    "remuneration": N_("Remuneration"),
    "retention": N_("Retention and deletion"),
    "risks": N_("Risks"),
    "role": N_("Role"),
    "root_causes": N_("Causes"),
    "scale_up": N_("Plan for scaling up"),
    "schema_version": N_("Format version"),
    "scope": N_("Scope"),
    "shared_with_supplier": N_("Entrusted to the supplier as processor"),
    "sites": N_("Sites"),
    "size": N_("Size of the target group"),
    "source": N_("Source"),
    "start": N_("Starts"),
    "statement": N_("Consequence"),
    "status": N_("Status of the brief"),
    "sub_criteria": N_("Elements assessed"),
    "sub_criterion": N_("Sub-criterion"),
    "success_criteria": N_("Success criteria"),
    "summary": N_("Summary of the problem"),
    "supplier_own_use": N_("The supplier may use the data for its own purposes"),
    "target": N_("Target"),
    "target_group": N_("The target group"),
    "termination_after_phase": N_("May be ended after each phase"),
    "threshold": N_("Level that counts as success"),
    "time": N_("Time"),
    "timeline": N_("Timeline"),
    "title": N_("Title"),
    "training": N_("Training"),
    "transfer_mechanism": N_("Basis for transfer to a third country"),
    "tried_before": N_("What has been tried, and what we learnt"),
    "unit": N_("Unit"),
    "url": N_("Web address"),
    "users": N_("Users of a future solution"),
    "value": N_("Value"),
    "version": N_("Version number"),
    "weight": N_("Weight in percent"),
    "when": N_("When"),
    "who": N_("Who"),
}

# (parent key, key): where the same key means something else. The parent of a list item's field is the list
# (`outcomes[0].name` -> ("outcomes", "name")).
LABEL_OVERRIDES: dict[tuple[str, str], str] = {
    ("authorities", "name"): N_("Name of the contracting authority"),
    ("authorities", "role"): N_("Role in the procurement"),
    ("award_criteria", "name"): N_("Name of the sub-criterion"),
    ("baseline", "date"): N_("Measured on"),
    ("baseline", "value"): N_("Value today"),
    ("brief", "date"): N_("Date of this version"),
    ("brief", "title"): N_("Title of the brief"),
    ("constraints", "description"): N_("The constraint"),
    ("contact", "unit"): N_("Unit or department"),
    ("data", "name"): N_("Name of the data"),
    ("data", "purpose"): N_("Purpose of the processing"),
    ("data", "source"): N_("System or register"),
    ("decision", "date"): N_("Date of the decision"),
    ("dpia", "date"): N_("Completed by"),
    ("dpia", "status"): N_("Status of the assessment"),
    ("funding", "source"): N_("Where the money comes from"),
    ("go_no_go", "date"): N_("Date of the decision"),
    ("innovation_partnership", "phases"): N_("Phases of the partnership"),
    ("innovation_partnership", "remuneration"): N_("Remuneration in the development phases"),
    ("market_dialogue", "purpose"): N_("Purpose of the dialogue"),
    ("options", "description"): N_("What the option covers"),
    ("outcomes", "name"): N_("Name of the outcome"),
    ("outcomes", "unit"): N_("Unit of the indicator"),
    ("phases", "milestone"): N_("Intermediate target"),
    ("phases", "name"): N_("Name of the phase"),
    ("phases", "remuneration"): N_("Payment for the phase"),
    ("poc", "end"): N_("Last day"),
    ("poc", "start"): N_("First day"),
    ("reach", "unit"): N_("What is counted"),
    ("references", "title"): N_("Title of the source"),
    ("risks", "description"): N_("The risk"),
    ("scale_up", "phases"): N_("Phases of the roll-out"),
    ("size", "unit"): N_("What is counted"),
    ("target", "value"): N_("Target value"),
    ("target_group", "description"): N_("Who has the problem"),
    ("target_group", "needs"): N_("Needs of the target group"),
    ("users", "count"): N_("Number in the role"),
}

# Text written as paragraphs rather than a line: the keys whose values in the examples run past about 80
# characters, and prose by nature (a strategy, a handling). For a list, its items. Never inside money, which
# is one row.
LONG_TEXT = frozenset({
    "background", "characteristics", "confidentiality", "criteria", "current_practice", "data_subjects",
    "description", "dilemma", "equal_treatment", "evaluation", "evaluation_method", "exit_strategy", "findings",
    "handling", "integration", "ip_rights", "measurement", "milestone", "minimum_requirements", "mitigation",
    "needs", "note", "publication", "purpose", "questions_for_suppliers", "registration", "remuneration",
    "retention", "root_causes", "scope", "statement", "summary", "tried_before",
})

# The steps of the form, in order: id, the top-level keys it edits, title and intro (catalogue `form`).
STEPS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("basics", ("language", "brief", "authorities", "contact"), N_("Basics"),
     N_("Give the brief a title, name the contracting authorities behind it and the person suppliers can "
        "contact. The language chosen here is the language of the documents.")),
    ("problem", ("problem",), N_("The problem"),
     N_("Describe the problem, not a solution: who has what problem, when, and what it costs. Back it with "
        "figures and where they come from.")),
    ("target_group", ("target_group",), N_("The target group"),
     N_("Describe the people who have the problem, the staff who will work with a solution, and how citizens "
        "and staff take part in the work.")),
    ("outcomes", ("outcomes",), N_("Outcomes"),
     N_("State the changes you want, each with what is measured, the value today and the value you aim for. "
        "The suppliers propose how to get there.")),
    ("constraints", ("constraints",), N_("Constraints"),
     N_("List what is fixed for any solution. A minimum requirement must be met by every tender; a wish is "
        "evaluated under a sub-criterion.")),
    ("data", ("data",), N_("Data and legal basis for processing"),
     N_("Describe the data a solution will use and the legal basis for processing it, in the proof of concept "
        "and in operation.")),
    ("poc", ("poc",), N_("Proof of concept (POC)"),
     N_("Plan the proof of concept: where and with whom it runs, what it costs, and what counts as success.")),
    ("scale_up", ("scale_up",), N_("Scale-up"),
     N_("Describe what happens after a successful proof of concept: who decides, how the solution is rolled "
        "out and bought, and who pays for its operation.")),
    ("procurement", ("procurement",), N_("The procurement"),
     N_("Choose the procurement procedure and state the estimated contract value, the sub-criteria of the "
        "award criterion with their weights, and the timeline.")),
    ("market_dialogue", ("market_dialogue",), N_("Market dialogue"),
     N_("Plan the dialogue with suppliers before the tender, and how every supplier gets the same "
        "information.")),
    ("risks", ("risks",), N_("Risks"),
     N_("List what may go wrong, how likely it is, how much harm it would do, and what is done about it.")),
    ("ethics", ("ethics",), N_("Ethics"),
     N_("Describe the ethical dilemmas a solution may raise and how they are handled.")),
    ("references", ("references", "lint_ignore"), N_("References and rules"),
     N_("Add the reports, cases and evidence the brief builds on. The rules the check leaves out for this "
        "brief on purpose are listed here too.")),
)

HIDDEN = ("schema_version",)  # fixed at 1: the form writes it and never shows it

_STEP_OF_KEY = {key: step_id for step_id, keys, _title, _intro in STEPS for key in keys}


# --- reading the schema ---------------------------------------------------------------------------------

def _pattern_of(annotation: Any) -> str | None:
    """The pattern of a constrained string type of model/common.py (`Email`)."""
    for meta in typing.get_args(annotation)[1:]:
        pattern = getattr(meta, "pattern", None)
        if isinstance(pattern, str):
            return pattern
    return None


# Text whose pattern makes it a kind of its own; other patterned text (a token, a CVR number) stays text.
_PATTERN_KINDS = {URL: "url", _pattern_of(common.Email): "email"}

_SYNTAX = set("^$\\.*+?()[]{}|/")  # what may be escaped in HTML's (JavaScript's `u` and `v`) expressions
_CLASS_ESCAPE = set("()[]{}/-|")  # literal in a class, but syntax in a `v` class: escaped
_DOUBLE_RESERVED = set("&!#$%*+,.:;<=>?@^`~")  # doubled in a `v` class they are operators
_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")
_ESCAPES = set("dDsSwWbBntrfv0")


def html_pattern(pattern: str | None) -> str | None:
    """The pattern as the browser's `pattern` attribute reads it (the whole value must match, in JavaScript's
    `v` mode, or `u` mode in older browsers), or None when the expression cannot be carried over safely: an
    unanchored search (the attribute always matches the whole value), a look-around, a named group, a flag."""
    if not pattern or not pattern.startswith("^") or not pattern.endswith("$") or pattern.endswith("\\$"):
        return None
    body = pattern[1:-1]
    out: list[str] = []
    index = 0
    in_class = False
    class_start = 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            if index + 1 >= len(body):
                return None
            following = body[index + 1]
            if following == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", body[index + 2: index + 6]):
                out.append(body[index: index + 6])
                index += 6
                continue
            if following in _ESCAPES or following in _SYNTAX or (in_class and following == "-"):
                out.append(char + following)
                index += 2
                continue
            return None  # \A, \Z, \p{…}, a back-reference: not carried over
        if in_class:
            if char == "]" and index > class_start:
                in_class = False
                out.append(char)
            elif char == "-":
                literal = index == class_start or body[index + 1: index + 2] in ("]", "")
                out.append("\\-" if literal else "-")
            elif char in _CLASS_ESCAPE:
                out.append("\\" + char)
            elif char in _DOUBLE_RESERVED and body[index + 1: index + 2] == char:
                if char not in _SYNTAX:
                    return None
                out.append("\\" + char)
            elif char in _DOUBLE_RESERVED and char in _SYNTAX and char != "^":
                out.append("\\" + char)
            else:
                out.append(char)
            index += 1
            continue
        if char == "[":
            in_class = True
            out.append(char)
            index += 1
            if body[index: index + 1] == "^":
                out.append("^")
                index += 1
            class_start = index
            continue
        if char == "(" and body[index + 1: index + 2] == "?":
            if body[index + 2: index + 3] != ":":
                return None
            out.append("(?:")
            index += 3
            continue
        if char == "{":
            quantifier = _QUANTIFIER.match(body, index)
            if quantifier is None or not out:
                return None
            out.append(quantifier.group())
            index = quantifier.end()
            continue
        if char in "}]":
            out.append("\\" + char)  # literal to Python, an error to JavaScript's `u` and `v` modes
            index += 1
            continue
        if char in "^$":
            return None  # an anchor inside: an alternation of anchored patterns, not what the attribute means
        out.append(char)
        index += 1
    if in_class:
        return None
    return "".join(out)


def _label_kind(values: Sequence[Any]) -> str:
    """The kind of render.labels whose keys cover an enum's values: an exact match first, else the smallest."""
    wanted = set(values)
    covering = [(len(keys), kind) for kind, make in document_labels.LABELS.items()
                if wanted <= (keys := set(make()))]
    if not covering:
        raise LookupError(f"no kind of render.labels covers the values {sorted(map(str, wanted))}: add one")
    covering.sort()
    if len(covering) > 1 and covering[0][0] == covering[1][0]:
        raise LookupError(f"two kinds of render.labels cover {sorted(map(str, wanted))} alike: "
                          f"{covering[0][1]}, {covering[1][1]}")
    return covering[0][1]


def _label(parent: str, key: str) -> str:
    message = LABEL_OVERRIDES.get((parent, key)) or LABELS.get(key)
    if message is None:
        raise LookupError(f"the form has no label for `{key}` (under `{parent}`): add it to LABELS in {__file__}")
    return _(message)


def item_labels() -> dict[str, str]:
    """What one item of a list is called ("Effekt 2" in the list "Effekter"), by the list's key, in the language
    in force. A list not named here calls its items by the list's own label."""
    return {
        "authorities": pgettext("list item", "Contracting authority"),
        "consequences": pgettext("list item", "Consequence"),
        "root_causes": pgettext("list item", "Cause"),
        "tried_before": pgettext("list item", "Earlier attempt"),
        "out_of_scope": pgettext("list item", "Exclusion"),
        "characteristics": pgettext("list item", "Characteristic"),
        "needs": pgettext("list item", "Need"),
        "users": pgettext("list item", "User group"),
        "involvement": pgettext("list item", "Involvement"),
        "outcomes": pgettext("list item", "Outcome"),
        "constraints": pgettext("list item", "Constraint"),
        "data": pgettext("list item", "Data asset"),
        "categories": pgettext("list item", "Category"),
        "national": pgettext("list item", "National provision"),
        "sites": pgettext("list item", "Site"),
        "success_criteria": pgettext("list item", "Success criterion"),
        "phases": pgettext("list item", "Phase"),
        "other_authorities": pgettext("list item", "Interested authority"),
        "award_criteria": pgettext("list item", "Sub-criterion"),
        "sub_criteria": pgettext("list item", "Aspect"),
        "options": pgettext("list item", "Option"),
        "beneficiaries": pgettext("list item", "Entitled authority"),
        "minimum_requirements": pgettext("list item", "Minimum requirement"),
        "timeline": pgettext("list item", "Milestone"),
        "formats": pgettext("list item", "Dialogue format"),
        "dates": pgettext("list item", "Date"),
        "events": pgettext("list item", "Event"),
        "questions_for_suppliers": pgettext("list item", "Question"),
        "risks": pgettext("list item", "Risk"),
        "ethics": pgettext("list item", "Dilemma"),
        "references": pgettext("list item", "Reference"),
        "lint_ignore": pgettext("list item", "Rule code"),
    }


class _Walker:
    """Turns the JSON Schema into FieldSpecs, in the language in force."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = schema.get("$defs", {})

    def resolve(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """A node with its `$ref` followed; the node's own keywords (its description) win over the definition's."""
        resolved = dict(node)
        seen: set[str] = set()
        while "$ref" in resolved:
            name = resolved.pop("$ref").rsplit("/", 1)[-1]
            if name in seen:
                raise ValueError(f"a recursive $ref to {name}: the form cannot show it")
            seen.add(name)
            resolved = {**self.defs[name], **resolved}
        return resolved

    def unwrap(self, node: Mapping[str, Any], key: str) -> tuple[dict[str, Any], bool]:
        """The node behind `anyOf`: null dropped (an optional field); a list or one text -> the list, accepting a
        single value; a text with a pattern or a whole number (a CVR number) -> the text. Anything else is an
        error: the form must not guess."""
        members = node.get("anyOf")
        if not members:
            return self.resolve(node), False
        own = {k: v for k, v in node.items() if k != "anyOf"}
        kept = [self.resolve(m) for m in members if m.get("type") != "null"]
        if len(kept) == 1:
            return {**kept[0], **own}, False
        lists = [m for m in kept if m.get("type") == "array"]
        texts = [m for m in kept if m.get("type") != "array"]
        if len(lists) == 1 and all(_is_text(m) for m in texts):
            return {**lists[0], **own}, True
        strings = [m for m in kept if m.get("type") == "string"]
        if len(strings) == 1 and all(m is strings[0] or m.get("type") == "integer" for m in kept):
            return {**strings[0], **own}, False
        raise ValueError(f"`{key}` is a union the form cannot show: {members}")

    def spec(self, key: str, node: Mapping[str, Any], *, required: bool, parent: str, in_money: bool = False,
             label: str | None = None) -> FieldSpec:
        """The spec of a field: `key` under the key `parent`; a list item (key "") gets its list's key as
        `parent` and its list's label."""
        description = node.get("description")
        node, accepts_single = self.unwrap(node, key)
        owner = key or parent  # the key a list item's fields are labelled under, and its kind of text looked up by
        label = _label(parent, key) if label is None else label
        help_text = str(description if description is not None else node.get("description", ""))
        default = node.get("default")
        common_parts: dict[str, Any] = {"key": key, "label": label, "help": help_text, "required": required,
                                        "default": default if isinstance(default, str | bool) else None}
        if "enum" in node:
            values = [str(v) for v in node["enum"]]
            kind = _label_kind(node["enum"])
            words = document_labels.LABELS[kind]()
            return FieldSpec(kind="choice", choices=tuple((v, words[v]) for v in values), **common_parts)
        if node.get("type") == "object" or "properties" in node:
            properties: Mapping[str, Any] = node.get("properties", {})
            needed = set(node.get("required", ()))
            money = _is_money(self, properties)
            children = tuple(self.spec(k, v, required=k in needed, parent=owner, in_money=money)
                             for k, v in properties.items())
            return FieldSpec(kind="money" if money else "object", children=children, **common_parts)
        if node.get("type") == "array":
            item = self.spec("", node.get("items", {}), required=True, parent=owner,
                             label=item_labels().get(key, label))
            if item.help == "":
                item = replace(item, help=help_text)
            return FieldSpec(kind="list", item=item, accepts_single=accepts_single, **common_parts)
        if node.get("type") == "boolean":
            words = document_labels.LABELS[_label_kind([True, False])]()
            return FieldSpec(kind="bool", choices=(("true", words[True]), ("false", words[False])),
                             **common_parts)
        if node.get("type") in ("integer", "number"):
            integer = node["type"] == "integer"
            low, high = _bounds(node, integer=integer)
            return FieldSpec(kind="integer" if integer else "number", minimum=low, maximum=high, **common_parts)
        if node.get("format") == "date":
            return FieldSpec(kind="date", **common_parts)
        if node.get("type") == "string":
            pattern = node.get("pattern")
            kind = _PATTERN_KINDS.get(pattern, "text")
            return FieldSpec(kind=kind, pattern=html_pattern(pattern), **common_parts)
        if _is_text(node):
            long = owner in LONG_TEXT and not in_money
            return FieldSpec(kind="textarea" if long else "text", **common_parts)
        raise ValueError(f"`{key or parent}` has a type the form cannot show: {node}")


def _is_text(node: Mapping[str, Any]) -> bool:
    """Free text: what an editor's YAML parser may read as text, a number or a boolean (schema.TEXT_TYPES)."""
    kinds = node.get("type")
    return isinstance(kinds, list) and "string" in kinds


def _is_money(walker: _Walker, properties: Mapping[str, Any]) -> bool:
    """An object of an amount and a currency (common.Money and its subclasses, such as scale_up's funding)."""
    if "amount" not in properties or "currency" not in properties:
        return False
    amount, _single = walker.unwrap(properties["amount"], "amount")
    currency, _single = walker.unwrap(properties["currency"], "currency")
    return amount.get("type") == "number" and "enum" in currency


def _bounds(node: Mapping[str, Any], *, integer: bool) -> tuple[float | None, float | None]:
    """The schema's bounds; an exclusive bound of a whole number becomes the inclusive one next to it."""
    step = 1 if integer else 0
    low = node.get("minimum")
    if low is None and node.get("exclusiveMinimum") is not None:
        low = node["exclusiveMinimum"] + step
    high = node.get("maximum")
    if high is None and node.get("exclusiveMaximum") is not None:
        high = node["exclusiveMaximum"] - step
    return (None if low is None else float(low)), (None if high is None else float(high))


# --- the form --------------------------------------------------------------------------------------------

def form(language: str) -> tuple[Step, ...]:
    """The steps of the form, every label, help text and choice in `language` (cached per language)."""
    return _form(i18n.normalise(language) or i18n.DEFAULT, i18n._pseudo.get())


@cache
def _form(language: str, pseudo: bool) -> tuple[Step, ...]:
    schema = json_schema(language)
    walker = _Walker(schema)
    properties: Mapping[str, Any] = schema["properties"]
    needed = set(schema.get("required", ()))
    unplaced = set(properties) - set(_STEP_OF_KEY) - set(HIDDEN)
    if unplaced:
        raise LookupError(f"top-level keys in no step of the form: {sorted(unplaced)}; add them to STEPS")
    with i18n.language(language), i18n.pseudo(pseudo):
        return tuple(
            Step(id=step_id, title=_(title), intro=_(intro), keys=keys,
                 fields=tuple(walker.spec(key, properties[key], required=key in needed, parent="")
                              for key in keys))
            for step_id, keys, title, intro in STEPS
        )


def _top_level(language: str) -> dict[str, FieldSpec]:
    return {spec.key: spec for found in form(language) for spec in found.fields}


# --- paths ------------------------------------------------------------------------------------------------

_SEGMENT = re.compile(r"\[(\d+)\]|\.([^.\[]+)")
_FIRST_KEY = re.compile(r"[^.\[]+")


def parse_path(path: str) -> Path_:
    """`outcomes[1].target.value` -> ("outcomes", 1, "target", "value"), the inverse of findings.format_path;
    "" -> (). Text that format_path cannot have written (`a..b`, `a[x]`) is one key: it names no field, so
    spec_at says None and anchor the top of the form, rather than the form failing on what a browser sent."""
    if not path:
        return ()
    parts: list[str | int] = []
    index = 0
    first = _FIRST_KEY.match(path)
    if first:
        parts.append(first.group())
        index = first.end()
    while index < len(path):
        segment = _SEGMENT.match(path, index)
        if segment is None:
            return (path,)
        parts.append(int(segment.group(1)) if segment.group(1) is not None else segment.group(2))
        index = segment.end()
    return tuple(parts)


_PLAIN_KEY = re.compile(r"[a-z][a-z0-9_]*")


def field_id(path: Path_) -> str:
    """An HTML id for a path, unique and made of [A-Za-z0-9_-] only: ("outcomes", 1, "target", "value") ->
    "f-outcomes-1-target-value". A key that is not snake_case (a typo, a number as a key) is written as `_`
    and the hexadecimal of its UTF-8, so that no two paths share an id: a part starts with a letter (a key),
    a digit (an index) or `_` (any other key), and none holds the `-` between parts."""
    encoded = []
    for part in path:
        if isinstance(part, int):
            encoded.append(str(part))
        elif _PLAIN_KEY.fullmatch(part):
            encoded.append(part)
        else:
            encoded.append("_" + part.encode("utf-8", "surrogatepass").hex())
    return "-".join(["f", *encoded])


def step_of(path: Path_) -> str:
    """The id of the step a path belongs to: its top-level key's; the top (and a key of no step) -> basics."""
    first = path[0] if path else None
    return _STEP_OF_KEY.get(first, "basics") if isinstance(first, str) else "basics"


def spec_at(path: Path_) -> FieldSpec | None:
    """The spec of the field at a path (a list index stands for the list's item), or None where the form has no
    field. Its kind, choices' values, bounds and pattern are the same in every language; its words are in the
    language in force."""
    if not path or not isinstance(path[0], str):
        return None
    spec = _top_level(i18n.current_language()).get(path[0])
    for part in path[1:]:
        if spec is None:
            return None
        if isinstance(part, int):
            spec = spec.item if spec.kind == "list" and part >= 0 else None
        else:
            spec = spec.child(part) if spec.kind in ("object", "money") else None
    return spec


def anchor(path: Path_, data: Any) -> Path_:
    """The nearest path at or above `path` that the form shows a field or a group for, given the brief's raw
    data. The form shows every field of the format under a group that is shown, whether the data has it or not
    (a required key that is missing is its empty field); it shows a list's items that the data has. So an
    unknown key (a typo) lands on its group, an index past the items on the list, a path below a text on the
    text, and a key of no step (or `schema_version`) on the top of the form, ()."""
    top = _top_level(i18n.current_language())
    shown: list[str | int] = []
    spec: FieldSpec | None = None
    node: Any = data if isinstance(data, dict) else {}
    for part in path:
        if spec is None:
            spec = top.get(part) if isinstance(part, str) else None
            if spec is None:
                break
        elif isinstance(part, int):
            if spec.kind != "list" or spec.item is None or not isinstance(node, list) or not 0 <= part < len(node):
                break
            spec = spec.item
        else:
            found = spec.child(part) if spec.kind in ("object", "money") else None
            if found is None or not (node is None or isinstance(node, dict)):
                break
            spec = found
        node = child(node, part)
        node = None if node is MISSING else node
        shown.append(part)
    return tuple(shown)


# --- the checklist ----------------------------------------------------------------------------------------

def has_content(value: Any) -> bool:
    """Whether a raw value holds anything: a text that is not blank, or a mapping or list holding one."""
    if isinstance(value, dict):
        return any(has_content(v) for v in value.values())
    if isinstance(value, list):
        return any(has_content(v) for v in value)
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def _complete(spec: FieldSpec, value: Any) -> bool:
    """Whether every required field at and below a spec has a value, in the items the data has."""
    if not has_content(value):
        return not spec.required
    if spec.kind in ("object", "money"):
        if not isinstance(value, dict):
            return False
        return all(_complete(child, value.get(child.key)) for child in spec.children)
    if spec.kind == "list":
        if isinstance(value, str):
            return spec.accepts_single
        if not isinstance(value, list) or spec.item is None:
            return False
        return all(_complete(spec.item, item) for item in value)
    return not isinstance(value, dict | list)


def _blocks(finding: Finding) -> bool:
    return not finding.suppressed and finding.severity in (Severity.ERROR, Severity.WARNING)


def section_status(step: Step, data: Any, findings: Sequence[Finding]) -> str:
    """"missing" when none of the step's keys has any content; "done" when every required field of the step
    (recursively, in the items present) has a value and no error or warning that counts lies in the step;
    "in_progress" otherwise."""
    data = data if isinstance(data, dict) else {}
    if not any(has_content(data.get(key)) for key in step.keys):
        return "missing"
    complete = all(_complete(spec, data.get(spec.key)) for spec in step.fields)
    if complete and not any(_blocks(f) and step_of(parse_path(f.path)) == step.id for f in findings):
        return "done"
    return "in_progress"

