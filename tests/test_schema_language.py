"""Messages in the user's language (issue 10, item 4): for the slips a Danish officer makes, a Danish (or
English) message at the right line and column, with the author's own value rewritten as the format wants it;
and the exported JSON Schema and the format reference in Danish from the same descriptions."""

from __future__ import annotations

import enum
import re
from typing import Any

import pytest

from helpers import MINIMAL
from problembrief import i18n, model, reference
from problembrief.errors import LoadError
from problembrief.format_reference import format_reference
from problembrief.load import Limits, load_text
from problembrief.model import brief, common, constraints, data, outcomes, plan, problem, procurement
from problembrief.schema import json_schema
from problembrief.validate import _date_meant, meant_value, money_meant, validate

TITLE = "title: Færre fald om natten"


def brief_with(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


def finding(text: str, language: str) -> tuple[str, int | None, int | None, str, str | None]:
    """The one finding of a brief, as the user reads it in `language`."""
    with i18n.language(language):
        _, findings = validate(load_text(text, "brief.yaml"))
    [found] = findings
    return (found.code, found.line, found.column, found.message, found.hint)


def load_error(text: str, language: str) -> tuple[int | None, int | None, str]:
    with i18n.language(language), pytest.raises(LoadError) as info:
        load_text(text, "brief.yaml")
    return (info.value.line, info.value.column, info.value.message)


class Template(str):
    """A brief with one value left open (`¤`): MINIMAL holds braces, so str.format will not do."""

    def format(self, value: str) -> str:  # type: ignore[override]
        return self.replace("¤", value)


AMOUNT = Template(MINIMAL + "poc:\n  budget:\n    amount: ¤\n")  # the amount on line 26, column 13
DATE = Template(brief_with(TITLE, TITLE + "\n  date: ¤"))  # brief.date on line 5, column 9
STATUS = Template(brief_with(TITLE, TITLE + "\n  status: ¤"))  # brief.status on line 5, column 11

# (the slip, the brief, code, line, column, Danish message, Danish hint, English message, English hint)
CASES: list[tuple[str, str, str, int, int, str, str, str, str]] = [
    ("decimal comma", AMOUNT.format("4,5"), "PB015", 26, 13,
     "`poc.budget.amount` skal være et tal, ikke '4,5'",
     "4,5 er skrevet på dansk måde; skriv `amount: 4.5` med punktum som decimaltegn og uden "
     "tusindtalsseparatorer",
     "`poc.budget.amount` must be a number, not '4,5'",
     "4,5 is written the Danish way; write `amount: 4.5`, with . as the decimal point and no thousands "
     "separators"),
    ("decimal comma in { }", brief_with("value: 25,", "value: 22,5,"), "PB019", 19, 26,
     "`outcomes[0].baseline.value` læses som 22 efterfulgt af et løst `5`: inde i { } afslutter kommaet i 22,5 "
     "værdien", "skriv `value: 22.5` med punktum som decimaltegn",
     "`outcomes[0].baseline.value` reads as 22 followed by a stray `5`: inside { } the comma of 22,5 ends the value",
     "write `value: 22.5`, with . as the decimal point"),
    ("thousands dot", brief_with("value: 25,", "value: 1.240,"), "PB018", 19, 23,
     "`outcomes[0].baseline.value` er 1.240, som læses som 1,24",
     "skriv `value: 1240`, eller `value: 1.24`, hvis du mente et decimaltal",
     "`outcomes[0].baseline.value` is 1.240, which reads as 1.24",
     "write `value: 1240`, or `value: 1.24` if you meant a decimal number"),
    ("thousands dots", AMOUNT.format("1.200.000"), "PB018", 26, 13,
     "`poc.budget.amount` er 1.200.000, som ikke er et tal: punktum er decimaltegnet i formatet, ikke "
     "tusindtalsseparator", "skriv `amount: 1200000`",
     "`poc.budget.amount` is 1.200.000, which is not a number: . is the decimal point, not a thousands separator",
     "write `amount: 1200000`"),
    ("money as text: mio. kr.", AMOUNT.format("1,2 mio. kr."), "PB015", 26, 13,
     "`poc.budget.amount` skal være et tal, ikke '1,2 mio. kr.'",
     "skriv `amount: 1200000`: et beløb er et tal, uden `kr.`, `mio.` og tusindtalsseparatorer",
     "`poc.budget.amount` must be a number, not '1,2 mio. kr.'",
     "write `amount: 1200000`: an amount is a number, without `kr.`, `mio.` or thousands separators"),
    ("money as text: kr. first", AMOUNT.format("kr. 800.000"), "PB015", 26, 13,
     "`poc.budget.amount` skal være et tal, ikke 'kr. 800.000'",
     "skriv `amount: 800000`: et beløb er et tal, uden `kr.`, `mio.` og tusindtalsseparatorer",
     "`poc.budget.amount` must be a number, not 'kr. 800.000'",
     "write `amount: 800000`: an amount is a number, without `kr.`, `mio.` or thousands separators"),
    ("money as text: euro", AMOUNT.format("€ 50.000"), "PB015", 26, 13,
     "`poc.budget.amount` skal være et tal, ikke '€ 50.000'",
     "skriv `amount: 50000` og `currency: EUR`: et beløb er et tal, uden valuta, `mio.` og tusindtalsseparatorer",
     "`poc.budget.amount` must be a number, not '€ 50.000'",
     "write `amount: 50000` and `currency: EUR`: an amount is a number, without the currency, `mio.` or "
     "thousands separators"),
    ("money as one value", brief_with("procedure: open", "procedure: open\n  estimated_value: 1.200.000 kr."),
     "PB012", 24, 20,
     "`procurement.estimated_value` er et pengebeløb, som skrives med `amount:` (et tal) og `currency:`, ikke som "
     "den enkelte værdi '1.200.000 kr.'", "skriv `estimated_value: {amount: 1200000, currency: DKK}`",
     "`procurement.estimated_value` is an amount of money, written with `amount:` (a number) and `currency:`, not "
     "the single value '1.200.000 kr.'", "write `estimated_value: {amount: 1200000, currency: DKK}`"),
    ("date in words", DATE.format("1. marts 2027"), "PB014", 5, 9,
     "`brief.date` skal være en dato skrevet ÅÅÅÅ-MM-DD, ikke '1. marts 2027'",
     "skriv `date: 2027-03-01`: datoer skrives år-måned-dag (1. marts 2027)",
     "`brief.date` must be a date written YYYY-MM-DD, not '1. marts 2027'",
     "write `date: 2027-03-01`: dates are written year-month-day (1 March 2027)"),
    ("date day first", DATE.format("01-03-2027"), "PB014", 5, 9,
     "`brief.date` skal være en dato skrevet ÅÅÅÅ-MM-DD, ikke '01-03-2027'",
     "skriv `date: 2027-03-01`: datoer skrives år-måned-dag (1. marts 2027)",
     "`brief.date` must be a date written YYYY-MM-DD, not '01-03-2027'",
     "write `date: 2027-03-01`: dates are written year-month-day (1 March 2027)"),
    ("date with a slash", DATE.format("1/3-2027"), "PB014", 5, 9,
     "`brief.date` skal være en dato skrevet ÅÅÅÅ-MM-DD, ikke '1/3-2027'",
     "skriv `date: 2027-03-01`: datoer skrives år-måned-dag (1. marts 2027)",
     "`brief.date` must be a date written YYYY-MM-DD, not '1/3-2027'",
     "write `date: 2027-03-01`: dates are written year-month-day (1 March 2027)"),
    ("Danish status", STATUS.format("udkast"), "PB013", 5, 11,
     "`brief.status` er 'udkast', som ikke er en tilladt værdi: formatets værdier er engelske ord, og 'udkast' "
     "hedder `draft`", "skriv `status: draft`; tilladte værdier: draft, consultation, final",
     "`brief.status` is 'udkast', which is not allowed: the format's values are English words, and 'udkast' is "
     "`draft`", "write `status: draft`; allowed values: draft, consultation, final"),
    ("Danish direction", brief_with("measurement: Kvartalsvis udtræk",
                                    "measurement: Kvartalsvis udtræk\n    direction: fald"), "PB013", 22, 16,
     "`outcomes[0].direction` er 'fald', som ikke er en tilladt værdi: formatets værdier er engelske ord, og "
     "'fald' hedder `decrease`", "skriv `direction: decrease`; tilladte værdier: increase, decrease",
     "`outcomes[0].direction` is 'fald', which is not allowed: the format's values are English words, and 'fald' "
     "is `decrease`", "write `direction: decrease`; allowed values: increase, decrease"),
    ("yes in Danish", MINIMAL + "constraints:\n  - description: x\n    mandatory: ja\n", "PB012", 26, 16,
     "`constraints[0].mandatory` skal være true eller false, ikke 'ja'", "skriv `mandatory: true` ('ja' hedder true)",
     "`constraints[0].mandatory` must be true or false, not 'ja'", "write `mandatory: true` ('ja' is true)"),
    ("Danish level in a list", MINIMAL + "risks:\n  - {description: x, likelihood: høj}\n", "PB013", 25, 34,
     "`risks[0].likelihood` er 'høj', som ikke er en tilladt værdi: formatets værdier er engelske ord, og 'høj' "
     "hedder `high`", "skriv `likelihood: high`; tilladte værdier: low, medium, high",
     "`risks[0].likelihood` is 'høj', which is not allowed: the format's values are English words, and 'høj' is "
     "`high`", "write `likelihood: high`; allowed values: low, medium, high"),
    ("Danish item of a list of values", MINIMAL + "market_dialogue:\n  formats: [workshop, informationsmøde]\n",
     "PB013", 25, 23,
     "`market_dialogue.formats[1]` er 'informationsmøde', som ikke er en tilladt værdi: formatets værdier er "
     "engelske ord, og 'informationsmøde' hedder `information_meeting`",
     "skriv `information_meeting`; tilladte værdier: information_meeting, one_to_one, written_rfi, workshop, "
     "site_visit",
     "`market_dialogue.formats[1]` is 'informationsmøde', which is not allowed: the format's values are English "
     "words, and 'informationsmøde' is `information_meeting`",
     "write `information_meeting`; allowed values: information_meeting, one_to_one, written_rfi, workshop, "
     "site_visit"),
    ("comma in { }", brief_with("  description: Beboere på plejecentre i faldrisiko.\n",
                                "  description: x\n  size: {count: 5, source: Journal, 2026}\n"), "PB011", 15, 37,
     "ukendt nøgle `target_group.size.2026`",
     "hvis det skulle være en del af værdien før, så sæt den værdi i anførselstegn: `source: \"Journal, 2026\"`; et "
     "komma inde i { } eller [ ] starter et nyt element",
     "unknown key `target_group.size.2026`",
     "if this was meant as part of the value before it, put that value in quotes: `source: \"Journal, 2026\"`; a "
     "comma inside { } or [ ] starts a new item"),
    ("comma in [ ]", MINIMAL + "data:\n  - id: D1\n    name: x\n    legal_basis:\n"
                               "      national: [Serviceloven § 83, stk. 1]\n", "PB019", 28, 37,
     "`data[0].legal_basis.national[1]` er 'stk. 1', som læses som slutningen af elementet før ('Serviceloven § "
     "83'): inde i [ ] starter et komma et nyt element",
     "sæt hele værdien i anførselstegn: skriv `\"Serviceloven § 83, stk. 1\"`; hvis det er to elementer, så skriv "
     "listen med ét element pr. linje, hver begyndende med `- `",
     "`data[0].legal_basis.national[1]` is 'stk. 1', which reads as the end of the item before it ('Serviceloven "
     "§ 83'): inside [ ] a comma starts a new item",
     "put the whole value in quotes: `\"Serviceloven § 83, stk. 1\"`; if they are separate items, write the list "
     "one item per line, each starting with `- `"),
    ("curly quotes", STATUS.format("“udkast”"), "PB013", 5, 11,
     "`brief.status` er '“udkast”', i Words krøllede anførselstegn, som YAML beholder som en del af værdien",
     "skriv `status: draft` uden de krøllede anførselstegn; vil du sætte en værdi i anførselstegn, så skriv lige "
     "anførselstegn \" eller '",
     "`brief.status` is '“udkast”', in Word's curly quotes, which YAML keeps as part of the value",
     "write `status: draft`, without the curly quotes; to quote a value, type straight quotes \" or '"),
    ("tab in a value", brief_with(TITLE, "title: Færre fald\tom natten"), "PB022", 4, 20,
     "`brief.title` indeholder en tabulator, som dokumentet viser som et mellemrum",
     "skriv `title: Færre fald om natten` med et mellemrum i stedet for tabulatoren; brug en liste eller en tabel, "
     "hvis du vil have kolonner",
     "`brief.title` contains a tab, which the document shows as a space",
     "write `title: Færre fald om natten`, with a space instead of the tab; where columns are wanted, use a list "
     "or a table"),
]


@pytest.mark.parametrize(("slip", "text", "code", "line", "column", "da_message", "da_hint", "en_message",
                          "en_hint"), CASES, ids=[case[0] for case in CASES])
def test_a_danish_officers_slip_is_told_with_the_value_rewritten(
        slip: str, text: str, code: str, line: int, column: int, da_message: str, da_hint: str, en_message: str,
        en_hint: str) -> None:
    assert finding(text, "da") == (code, line, column, da_message, da_hint)
    assert finding(text, "en") == (code, line, column, en_message, en_hint)


SYNTAX: list[tuple[str, str, int, int, str, str]] = [
    ("colon in text", "a: 1\nsummary: Problemet: fald om natten\n", 2, 19,
     "ikke gyldig YAML: et kolon efterfulgt af et mellemrum i tekst, der ikke står i anførselstegn; YAML læser det "
     "som en ny nøgle (sæt hele værdien i anførselstegn: skriv `summary: \"Problemet: fald om natten\"`)",
     "not valid YAML: a colon followed by a space inside text that is not in quotes; YAML reads it as a new key "
     "(put the whole value in quotes: `summary: \"Problemet: fald om natten\"`)"),
    ("curly quotes around a colon", "a: 1\ntitle: “Fald: om natten”\n", 2, 13,
     "ikke gyldig YAML: et kolon efterfulgt af et mellemrum i tekst, der ikke står i anførselstegn; YAML læser det "
     "som en ny nøgle (sæt hele værdien i anførselstegn: skriv `title: \"Fald: om natten\"`; Words krøllede "
     "anførselstegn (“ ” ‘ ’) er ikke anførselstegn for YAML: skriv lige anførselstegn \" eller ', eller slå \"Lige "
     "anførselstegn med typografiske\" fra under Autoformat i Word)",
     "not valid YAML: a colon followed by a space inside text that is not in quotes; YAML reads it as a new key "
     "(put the whole value in quotes: `title: \"Fald: om natten\"`; Word's curly quotes (“ ” ‘ ’) are not quotes "
     "to YAML: type straight quotes \" or ', or turn off AutoFormat's smart quotes)"),
    ("tab for indentation", "brief:\n  title: x\n\tdate: 2027-03-01\n", 3, 1,
     "ikke gyldig YAML: der er brugt en tabulator til indrykning (ryk ind med mellemrum, ikke tabulator: skriv "
     "linjen som `  date: 2027-03-01`; indstil din editor til at indsætte mellemrum)",
     "not valid YAML: a tab is used for indentation (indent with spaces, not tabs: write the line as "
     "`  date: 2027-03-01`; set your editor to insert spaces)"),
]


@pytest.mark.parametrize(("slip", "text", "line", "column", "danish", "english"), SYNTAX,
                         ids=[case[0] for case in SYNTAX])
def test_a_yaml_slip_is_told_with_the_line_rewritten(slip: str, text: str, line: int, column: int, danish: str,
                                                      english: str) -> None:
    assert load_error(text, "da") == (line, column, danish)
    assert load_error(text, "en") == (line, column, english)


def test_the_parsers_own_words_come_with_a_danish_explanation() -> None:
    assert load_error("a: ]\n", "da") == (1, 4, "ikke gyldig YAML: noget her kan YAML ikke læse; se efter et tegn, "
                                                "der mangler eller er for meget, eller sæt værdien i anførselstegn "
                                                "(YAML-læserens besked: did not find expected node content)")
    assert load_error("a: ]\n", "en") == (1, 4, "not valid YAML: did not find expected node content")


@pytest.mark.parametrize(("language", "message"), [
    ("da", "filen fylder mere end 1.000 værdier, når aliasser er foldet ud (for mange aliasser?)"),
    ("en", "the file expands to more than 1,000 values (too many aliases?)"),
])
def test_numbers_in_messages_are_grouped_as_the_language_writes_them(language: str, message: str) -> None:
    with i18n.language(language), pytest.raises(LoadError) as info:
        load_text("a: [" + "x, " * 1000 + "]\n", limits=Limits(max_nodes=1000))
    assert info.value.message == message


def test_english_is_spoken_where_no_language_is_set() -> None:
    assert i18n.current_language() == "en"
    _, findings = validate(load_text(STATUS.format("udkast")))
    assert findings[0].hint == "write `status: draft`; allowed values: draft, consultation, final"


# --- the table of Danish values ----------------------------------------------------------------------------

ENUMS: dict[str, type[enum.Enum]] = {
    name: value for module in (brief, common, constraints, data, outcomes, plan, problem, procurement)
    for name, value in vars(module).items() if isinstance(value, type) and issubclass(value, enum.Enum)
    and value.__module__.startswith("problembrief.model")
}


def test_every_danish_word_stands_for_a_value_of_its_enum() -> None:
    table = reference.load("danish_values")
    assert set(table) - {"bool"} <= set(ENUMS), "a section of danish_values.yaml names no enum of the model"
    for kind, words in table.items():
        allowed = {"true", "false"} if kind == "bool" else {member.value for member in ENUMS[kind]}
        wrong = {word: value for word, value in words.items() if value not in allowed or not isinstance(word, str)}
        assert wrong == {}, kind


@pytest.mark.parametrize(("kind", "written", "meant"), [
    ("Status", "udkast", "draft"), ("Status", "høring", "consultation"), ("Status", "Endelig.", "final"),
    ("Direction", "fald", "decrease"), ("Direction", "stigning", "increase"),
    ("Procedure", "Begrænset  udbud", "restricted"), ("Procedure", "offentligt udbud", "open"),
    ("Procedure", "innovationspartnerskab", "innovation_partnership"), ("bool", "ja", "true"), ("bool", "Nej", "false"),
    ("Level", "lav", "low"), ("Level", "middel", "medium"), ("Level", "høj", "high"),
    ("ContractType", "varer", "supplies"), ("ContractType", "tjenesteydelser", "services"),
    ("ContractType", "bygge- og anlægsarbejder", "works"), ("DialogueFormat", "en-til-en", "one_to_one"),
    ("Currency", "kr.", "DKK"), ("Status", "draft", None), ("Nothing", "udkast", None),
])
def test_a_danish_word_gives_the_value_meant(kind: str, written: str, meant: str | None) -> None:
    assert meant_value(kind, written) == meant


@pytest.mark.parametrize(("written", "meant"), [
    ("1,2 mio. kr.", ("1200000", "DKK")), ("1.200.000 kr.", ("1200000", "DKK")), ("kr. 800.000", ("800000", "DKK")),
    ("800.000,- kr.", ("800000", "DKK")), ("DKK 1.500.000", ("1500000", "DKK")), ("2 mio.", ("2000000", None)),
    ("1,5 mia. kr.", ("1500000000", "DKK")), ("500 t.kr.", ("500000", "DKK")), ("€ 50.000", ("50000", "EUR")),
    ("50.000 EUR", ("50000", "EUR")), ("1.200.000,50 kr.", ("1200000.5", "DKK")),
    ("1200000", None), ("312 fald", None), ("1,2 mio. kr. og 3 mio. kr.", None), ("mange penge", None),
])
def test_money_written_as_text_gives_the_amount(written: str, meant: tuple[str, str | None] | None) -> None:
    assert money_meant(written) == meant


@pytest.mark.parametrize(("written", "meant"), [
    ("1. marts 2027", "2027-03-01"), ("1 marts 2027", "2027-03-01"), ("1. mar. 2027", "2027-03-01"),
    ("01-03-2027", "2027-03-01"), ("1/3-2027", "2027-03-01"), ("1.3.2027", "2027-03-01"), ("1/3/2027", "2027-03-01"),
    ("2027-3-1", "2027-03-01"), ("2027/03/01", "2027-03-01"), ("March 1, 2027", "2027-03-01"),
    ("1 March 2027", "2027-03-01"), ("2027-03-01 10:00", "2027-03-01"), ("24. december 2026", "2026-12-24"),
    ("31-02-2027", None), ("1. smarts 2027", None), ("i foråret", None), ("03/2027", None),
])
def test_a_date_written_as_in_a_letter_gives_the_date(written: str, meant: str | None) -> None:
    date = _date_meant(written)
    assert (date.isoformat() if date else None) == meant


# --- the JSON Schema and the format reference in Danish ------------------------------------------------------

def _descriptions(node: Any, path: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            found[path] = node["description"]
        for key, value in node.items():
            if key != "description" or not isinstance(value, str):
                found |= _descriptions(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found |= _descriptions(value, f"{path}/{index}")
    return found


def _properties(node: Any, path: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                found |= {f"{path}/{name}": prop for name, prop in value.items()}
            found |= _properties(value, f"{path}/{key}")
    return found


def test_the_danish_schema_has_a_danish_description_for_every_property() -> None:
    english, danish = json_schema(), json_schema("da")
    assert danish["title"] == "problembrief-problembeskrivelse, formatversion 1"
    english_texts, danish_texts = _descriptions(english), _descriptions(danish)
    assert english_texts.keys() == danish_texts.keys()
    untranslated = sorted(path for path, text in danish_texts.items() if text == english_texts[path])
    assert untranslated == []
    properties = _properties(danish)
    assert len(properties) > 150
    assert [path for path, prop in properties.items() if not prop.get("description")] == []
    assert properties["/problem"]["description"] == "Problemet, beskrevet uden en løsning."
    assert properties["/$defs/Money/amount"]["description"] == (
        "Beløbet, et tal (uden tusindtalsseparatorer eller enheder).")
    # apart from the descriptions and the title, the two schemas are the same
    assert _without_words(english) == _without_words(danish)


def _without_words(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_words(v) for k, v in node.items()
                if not (k in ("description", "title") and isinstance(v, str))}
    if isinstance(node, list):
        return [_without_words(v) for v in node]
    return node


def test_the_danish_schema_does_not_change_the_language_in_force() -> None:
    with i18n.language("en"):
        json_schema("da")
        assert i18n.current_language() == "en"


def test_the_format_reference_in_danish_has_the_same_tables() -> None:
    english, danish = format_reference(), format_reference("da")
    assert english.count("\n") == danish.count("\n")
    assert "| nøgle | påkrævet | værdi | betydning |" in danish
    assert "| `title` | ja | tekst | Problembeskrivelsens titel: problemet med få ord. |" in danish
    assert "| `currency` |  | en af `DKK`, `EUR` | `DKK` eller `EUR`. Standard `DKK`. |" in danish
    assert re.search(r"\| `mandatory` \|  \| true/false \| .* Standard `true`\. \|", danish)


def test_every_model_description_is_in_the_catalogues() -> None:
    with i18n.language("da"):
        for name in model.__all__:
            item = getattr(model, name)
            doc = getattr(item, "__doc__", None) if isinstance(item, type) and not issubclass(item, enum.Enum) else None
            if doc and not doc.startswith("Base of"):
                assert i18n._(doc) != doc, name
