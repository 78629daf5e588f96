"""JUnit XML for CI dashboards: one test suite per brief, one test case per finding.

A finding that fails the check is a <failure>; a suppressed one is <skipped>; a file that could not be
checked (a fatal finding: unreadable, not valid YAML) is an <error>, which dashboards show apart from
failures; a brief without findings has one passing case, so dashboards count it. The configuration used is
a property of the file's suite.

XML 1.0 cannot carry most C0 controls at all, not even as character references, so every piece of user
text goes through `visible` and the document stays well-formed whatever the file names and messages hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from problembrief.findings import FileReport, Finding
from problembrief.i18n import _, pgettext
from problembrief.report.base import Reporter, located, severity_word, speaking, suppression, visible

_COUNTS = {"tests": "testcase", "failures": "testcase/failure", "errors": "testcase/error",
           "skipped": "testcase/skipped"}


def _case_name(finding: Finding, where: str) -> str:
    return f"{finding.code} {finding.path} ({where})" if finding.path else f"{finding.code} ({where})"


class JunitReporter(Reporter):
    def render(self, reports: Sequence[FileReport]) -> str:
        root = ET.Element("testsuites", name="problembrief")
        totals = dict.fromkeys(_COUNTS, 0)
        for report in reports:
            file = visible(report.file)
            suite = ET.SubElement(root, "testsuite", name=file)
            if report.config is not None:
                # JUnit's schema wants <properties> before the test cases.
                properties = ET.SubElement(suite, "properties")
                ET.SubElement(properties, "property", name="config", value=visible(report.config))
            findings = list(located(report))
            with speaking(report):
                if not findings:
                    ET.SubElement(suite, "testcase", classname=file, name=_("brief is valid"))
                for f in findings:
                    self._case(suite, file, f)
            for name, path in _COUNTS.items():
                count = len(suite.findall(path))
                suite.set(name, str(count))
                totals[name] += count
        for name, count in totals.items():
            root.set(name, str(count))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def _case(self, suite: ET.Element, file: str, f: Finding) -> None:
        where = _("line {line}").format(line=f.line) if f.line is not None else pgettext("place", "file")
        case = ET.SubElement(suite, "testcase", classname=file, name=visible(_case_name(f, where)))
        text = visible(f"{f.file}:{f.line or 1}:{f.column or 1}: {f.message}")
        if f.hint:
            text += "\n" + _("hint: {hint}").format(hint=visible(f.hint))
        if f.fatal:
            ET.SubElement(case, "error", message=visible(f.message), type=visible(f.code)).text = text
        elif f.suppressed:
            ET.SubElement(case, "skipped", message=suppression(f))
        elif self.fails(f):
            ET.SubElement(case, "failure", message=visible(f.message), type=visible(f.code)).text = text
        else:
            ET.SubElement(case, "system-out").text = f"{severity_word(f.severity)}: {text}"
