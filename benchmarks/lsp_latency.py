"""Time from a keystroke to updated diagnostics in the language server, on the largest example.

    python benchmarks/lsp_latency.py [--runs 20] [--brief examples/faldforebyggelse-plejecentre.yaml]

A warm server (`python -m problembrief.lsp`, started once, the brief opened and checked once) receives a
didChange of one character, alternately typed and deleted, and the time until its publishDiagnostics for
that version arrives is measured on the client's side, over the real stdio pipe. The debounce is set to 0
through `initializationOptions`, so the figure is the processing (pipeline and protocol); an editor adds the
debounce (150 ms by default) on top. Also timed: `check_text` alone, in this process, for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parent.parent


async def measure(brief: Path, runs: int) -> list[float]:
    client = LanguageClient("latency", "1")
    arrived: dict[int, float] = {}
    counts: dict[int, int] = {}
    event = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        arrived[params.version or 0] = time.perf_counter()
        counts[params.version or 0] = len(params.diagnostics)
        event.set()

    async def published(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 30)
        return arrived[version]

    await client.start_io(sys.executable, "-m", "problembrief.lsp")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         initialization_options={"debounceMs": 0}))
    client.initialized(types.InitializedParams())
    uri = from_fs_path(str(brief.resolve()))
    text = brief.read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="yaml", version=1, text=text)))
    await published(1)
    lines = text.split("\n")
    line = next(i for i, t in enumerate(lines) if t.strip().startswith("title:"))  # a plain text: still valid
    end = len(lines[line])
    timings = []
    for version in range(2, runs + 3):
        typed = version % 2 == 0
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line, character=end),
                              end=types.Position(line=line, character=end if typed else end + 1)),
            text="x" if typed else "")
        started = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[change]))
        timings.append((await published(version) - started) * 1000)
    assert len(set(counts.values())) == 1, f"the edits changed the findings: {counts}"  # judged, not refused
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.wait_for(client.stop(), 10)
    print(f"{counts[1]} diagnostics published for each version")
    return timings[1:]  # the first change after opening may still warm a cache


def in_process(brief: Path, runs: int) -> list[float]:
    from problembrief.pipeline import check_text

    text = brief.read_text(encoding="utf-8")
    check_text(text, brief)
    timings = []
    for index in range(runs):
        started = time.perf_counter()
        check_text(text + ("#" if index % 2 else ""), brief)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--brief", type=Path, default=ROOT / "examples" / "faldforebyggelse-plejecentre.yaml")
    args = parser.parse_args()
    lsp = asyncio.run(measure(args.brief, args.runs))
    alone = in_process(args.brief, args.runs)
    print(f"{args.brief.name}: {args.brief.stat().st_size} bytes, {len(lsp)} keystrokes")
    print(f"keystroke -> diagnostics (no debounce): median {statistics.median(lsp):.1f} ms, "
          f"min {min(lsp):.1f}, max {max(lsp):.1f}")
    print(f"check_text alone: median {statistics.median(alone):.1f} ms, min {min(alone):.1f}, max {max(alone):.1f}")


if __name__ == "__main__":
    main()
