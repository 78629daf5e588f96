"""A document previewed as HTML, from the same Markdown the Word writer reads.

The templates' directives (`<!-- pagebreak -->`, `<!-- toc: … -->`, `<!-- gantt -->`) become what they
mean on a page: a page rule, a table of contents linking to the headings, a chart's class. Any other raw
HTML is shown as text, never passed through: the Markdown escapes user text already, and the preview does
not trust that alone.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from problembrief.render.markdown import DIRECTIVE


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    parser.add_render_rule("html_block", _html_block)
    parser.add_render_rule("html_inline", _html_inline)
    return parser


def _html_block(self: object, tokens: list[Token], index: int, options: object, env: dict) -> str:
    match = DIRECTIVE.match(tokens[index].content.strip())
    name, argument = (match.group(1), match.group(2) or "") if match else ("", "")
    if name == "pagebreak":
        return '<hr class="page-break">\n'
    if name == "toc":
        headings = env.get("headings", [])
        items = "".join(f'<li class="toc-{level}"><a href="#{anchor}">{escape(text)}</a></li>'
                        for level, anchor, text in headings)
        return f'<nav class="toc" aria-label="{escape(argument)}"><h2>{escape(argument)}</h2><ol>{items}</ol></nav>\n'
    if name == "gantt":
        env["gantt"] = True
        return ""
    return f"<pre>{escape(tokens[index].content)}</pre>\n"


def _html_inline(self: object, tokens: list[Token], index: int, options: object, env: dict) -> str:
    return escape(tokens[index].content)


def markdown_to_html(markdown_text: str) -> str:
    """The document's body as HTML: headings get ids for the table of contents, the chart its class."""
    parser = _parser()
    env: dict = {"headings": []}
    tokens = _without_empty_headers(parser.parse(markdown_text, env))
    used: set[str] = set()
    gantt_next = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            text = tokens[index + 1].content
            anchor = _anchor(text, used)
            token.attrSet("id", anchor)
            env["headings"].append((token.tag, anchor, text))
        elif token.type == "heading_open" and token.tag == "h1":
            token.attrSet("class", "document-title")
        elif token.type == "html_block":
            directive = DIRECTIVE.match(token.content.strip())
            gantt_next = gantt_next or (directive is not None and directive.group(1) == "gantt")
        elif token.type == "table_open":
            token.attrSet("class", "gantt" if gantt_next else "table")
            gantt_next = False
    return parser.renderer.render(tokens, parser.options, env)


def _without_empty_headers(tokens: list[Token]) -> list[Token]:
    """A table whose header row is empty is a table of label/value facts (the Word writer gives it no header
    row): the preview leaves the empty row out too, so that no empty column header is read aloud."""
    kept: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "thead_open":
            end = next(i for i in range(index, len(tokens)) if tokens[i].type == "thead_close")
            if all(t.content.strip() == "" for t in tokens[index:end] if t.type == "inline"):
                index = end + 1
                continue
        kept.append(token)
        index += 1
    return kept


def _anchor(text: str, used: set[str]) -> str:
    base = "h-" + (re.sub(r"[^0-9a-zæøå]+", "-", text.lower()).strip("-") or "section")
    anchor, number = base, 1
    while anchor in used:
        number += 1
        anchor = f"{base}-{number}"
    used.add(anchor)
    return anchor
