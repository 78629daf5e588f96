"""JUnit XML for CI dashboards: one test suite per brief, one test case per finding.

A finding that fails the check is a <failure>; a suppressed one is <skipped>; a brief without findings
has one passing case, so dashboards count it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from problembrief.findings import Finding
from problembrief.report.base import Reporter


class JunitReporter(Reporter):
    def render(self, findings: Sequence[Finding], files: Sequence[str]) -> str:
        root = ET.Element("testsuites", name="problembrief")
        total = failed = 0
        for file in files:
            own = [f for f in findings if f.file == file]
            suite = ET.SubElement(root, "testsuite", name=file)
            if not own:
                ET.SubElement(suite, "testcase", classname=file, name="brief is valid")
            for f in own:
                where = f"line {f.line}" if f.line is not None else "file"
                case = ET.SubElement(suite, "testcase", classname=file, name=f"{f.code} {f.path or where} ({where})")
                text = f"{file}:{f.line or 1}:{f.column or 1}: {f.message}" + (f"\nhint: {f.hint}" if f.hint else "")
                if f.suppressed:
                    ET.SubElement(case, "skipped", message="suppressed by lint_ignore")
                elif self.fails(f):
                    failure = ET.SubElement(case, "failure", message=f.message, type=f.code)
                    failure.text = text
                else:
                    ET.SubElement(case, "system-out").text = f"{f.severity.value}: {text}"
            cases = len(suite)
            failures = sum(1 for case in suite if case.find("failure") is not None)
            skipped = sum(1 for case in suite if case.find("skipped") is not None)
            suite.set("tests", str(cases))
            suite.set("failures", str(failures))
            suite.set("errors", "0")
            suite.set("skipped", str(skipped))
            total += cases
            failed += failures
        root.set("tests", str(total))
        root.set("failures", str(failed))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
