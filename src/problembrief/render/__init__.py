"""Stages 4 and 5: Jinja templates to Markdown, Markdown to Word."""
