"""Run by a Python that has LibreOffice's `uno` module (not by problembrief's own interpreter):

    python3 uno_export.py SOFFICE PROFILE_DIR IN.docx OUT.pdf [IN.docx OUT.pdf ...]

Starts one headless LibreOffice, opens each document hidden, updates its indexes (the table of contents,
with page numbers) and exports it to PDF."""

import subprocess
import sys
import time
import uuid
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _props(**values):
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        result.append(prop)
    return tuple(result)


def _connect(pipe, process):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main(argv):
    soffice, profile, *paths = argv
    pipe = f"problembrief-{uuid.uuid4().hex}"
    process = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation={Path(profile).resolve().as_uri()}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        context = _connect(pipe, process)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        for source, target in zip(paths[0::2], paths[1::2], strict=True):
            document = desktop.loadComponentFromURL(Path(source).resolve().as_uri(), "_blank", 0,
                                                    _props(Hidden=True, ReadOnly=True))
            try:
                indexes = document.getDocumentIndexes()
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
                document.refresh()
                # a second pass: the TOC itself may move the headings to other pages
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
                document.storeToURL(Path(target).resolve().as_uri(), _props(FilterName="writer_pdf_Export"))
            finally:
                document.close(True)
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:
            pass
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
