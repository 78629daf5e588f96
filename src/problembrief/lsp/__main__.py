"""`python -m problembrief.lsp`: the language server over stdio, as `problembrief lsp`."""

from problembrief.lsp.server import main

main()
