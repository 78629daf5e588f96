"""The language server (`problembrief lsp`): findings, explanations and quick fixes in an editor.

A shell like the command line: it hands an editor's buffer to the pipeline (`check_text`) and presents the
result over the Language Server Protocol (pygls). `features` turns a CheckResult into diagnostics, hovers and
code actions (plain functions, no protocol state); `server` speaks the protocol.
"""
