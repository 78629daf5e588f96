"""The guided form: `problembrief serve`, a local web application over the same pipeline as `validate`.

A shell like the command line and the language server: it parses what the browser sends, edits the YAML
file (which stays the one source), calls the pipeline and presents its results as HTML.

- `document`: the brief as ruamel.yaml's round-trip document, edited one value at a time and saved
  atomically, so that comments, key order and every untouched line stay as the user wrote them;
- `form`: the form generated from the format (the JSON Schema of the models): steps, fields, labels, help,
  and where each finding belongs;
- `app`: the Starlette application, its routes and its guards (token, Host and Origin checks).
"""
