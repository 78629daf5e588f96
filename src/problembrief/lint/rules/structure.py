"""PB0xx: conditions across fields that the schema cannot express, and the suppression comments (PB023, PB024)."""

from __future__ import annotations

from collections.abc import Iterator

from problembrief.findings import Finding, Severity
from problembrief.i18n import N_, _
from problembrief.lint.context import LintContext
from problembrief.lint.inline import OWN_CODES
from problembrief.lint.registry import registered_rules, rule


@rule(
    code="PB020", name="structure.duplicate-id", severity=Severity.ERROR,
    summary=N_("The same `id` twice in one list (outcomes, constraints, data)."),
    hint=N_("give every item its own id; references (such as POC success criteria) need them to be unique"),
    source=N_("The brief format: ids are short tokens used for cross-references."),
    bad=N_("""
        constraints:
          - {id: C1, description: Data in the EU/EEA}
          - {id: C1, description: No new tasks at night}
        """),
    good=N_("""
        constraints:
          - {id: C1, description: Data in the EU/EEA}
          - {id: C2, description: No new tasks at night}
        """),
    doc=N_("An id names one outcome, constraint or data asset. When two items share an id, a success "
           "criterion or a reference to it is ambiguous, and a reader cannot tell which one is meant."),
)
def duplicate_ids(ctx: LintContext) -> Iterator[Finding]:
    lists = {"outcomes": ctx.brief.outcomes, "constraints": ctx.brief.constraints, "data": ctx.brief.data}
    for section, items in lists.items():
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id is None:
                continue
            if item.id in first:
                yield ctx.finding((section, index, "id"),
                                  _("`{section}[{index}].id` {id} is already used by {section}[{first}]").format(
                                      section=section, index=index, id=item.id, first=first[item.id]))
            else:
                first[item.id] = index


# PB021 (structure.unknown-rule-in-lint-ignore) is retired: an unknown code in `lint_ignore` is now a
# usage error raised by the runner at the entry's line, so it can no longer silence nothing unnoticed.


@rule(
    code="PB023", name="structure.invalid-suppression", severity=Severity.ERROR,
    summary=N_("A `# problembrief:` comment that cannot silence what it names: a code that is not a rule (with "
               "\"did you mean\"), a schema check, or a comment not written as `disable=` or `disable-line=`."),
    hint=N_("write `# problembrief: disable=PB101` (several codes with commas, or a prefix such as PB1) at the end "
            "of the line, or alone on the line above; `problembrief rules` lists the codes"),
    source=N_("The brief format: a comment silences the rules it names on one line, and a code that names no rule "
              "would silence nothing while its author believes it does."),
    bad=N_("""
        risks: []  # problembrief: disable=PB7O3
        """),
    good=N_("""
        risks: []  # problembrief: disable=PB703
        """),
    doc=N_("A comment `# problembrief: disable=PB101` at the end of a line silences the findings of PB101 on that "
           "line; alone on its line, it silences them on the next line that is not blank or a comment. Several "
           "codes are separated by commas, a prefix such as PB1 names every rule that starts with it, and `--` "
           "after the codes starts a reason for the reader. `disable-line=` does the same on its own line only. "
           "When the line starts block text (`|` or `>`), the comment covers the whole text, since no comment can "
           "be written inside it. Silenced findings are still shown, marked as suppressed, and never fail a "
           "check.\n\nOnly the rules can be silenced this way: a schema finding (PB0xx but PB020) means the brief "
           "cannot be read as a brief, and must be fixed. This rule reports, at the place in the comment, a code "
           "that is not a rule (with the code it most likely meant), a retired code, a schema check, and a "
           "`# problembrief:` comment that is not written as a suppression. A `#` inside a value, quoted or in "
           "block text, is text, not a comment, and is never read as one."),
)
def invalid_suppression(ctx: LintContext) -> Iterator[Finding]:
    for problem in ctx.suppressions.problems:
        yield ctx.finding((), problem.message, hint=problem.hint, position=(problem.line, problem.column))


@rule(
    code="PB024", name="structure.unused-suppression", severity=Severity.INFO,
    summary=N_("A suppression comment that has no effect: a code it names has no finding on its line, or the run "
               "refuses suppression comments (--no-inline-ignore)."),
    hint=N_("remove the code from the comment (or the whole comment): a stale suppression would silence a new "
            "finding there later without anyone noticing"),
    source=N_("Project practice, as linters report unused suppressions (ruff's unused-noqa, ESLint's "
              "--report-unused-disable-directives)."),
    bad=N_("""
        risks: []  # problembrief: disable=PB101
        """),
    good=N_("""
        risks: []  # problembrief: disable=PB703
        """),
    doc=N_("A code in a `# problembrief: disable=…` comment whose rule ran but found nothing on the comment's line "
           "silences nothing today, and would silence a new finding there tomorrow without anyone noticing. Codes "
           "of rules that did not run (switched off by the configuration or the command line) are not reported.\n\n"
           "When a gatekeeper runs the check with --no-inline-ignore, no comment silences anything: the findings "
           "they name are reported as usual, and each suppression comment is reported here, so the reviewer sees "
           "what the brief tried to silence."),
)
def unused_suppression(ctx: LintContext) -> Iterator[Finding]:
    suppressions = ctx.suppressions
    if not ctx.config.inline_ignore:
        for directive in suppressions.directives:
            comment = directive.comment
            codes = ", ".join(code.code for code in directive.codes)
            message = (_("the suppression of {codes} is not applied: this run refuses suppression comments "
                         "(--no-inline-ignore), so the findings at line {line} are reported as usual").format(
                           codes=codes, line=directive.target) if directive.target is not None else
                       _("the suppression of {codes} is not applied: this run refuses suppression comments "
                         "(--no-inline-ignore)").format(codes=codes))
            yield ctx.finding((), message, position=(comment.line, comment.column),
                              hint=_("fix what the comment names; a reviewer who refuses suppression comments "
                                     "accepts an exception only in the configuration they keep"))
        return
    running = [r.code for r in registered_rules() if r.code not in OWN_CODES and ctx.config.enabled(r.code)]
    for directive in suppressions.directives:
        for code in directive.codes:
            if code.used or not any(r.startswith(code.code) for r in running):
                continue
            message = (_("{code} in this comment silences nothing: line {line} has no finding of {code}").format(
                           code=code.code, line=directive.target) if directive.target is not None else
                       _("{code} in this comment silences nothing: no line follows the comment").format(
                           code=code.code))
            yield ctx.finding((), message, position=(directive.comment.line, code.column))
