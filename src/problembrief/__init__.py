"""problembrief: problem-based tender briefs for Danish municipalities, from YAML to Word."""

__version__ = "0.1.0"
