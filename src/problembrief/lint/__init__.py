"""Stage 3: the rule catalogue (rules.md) that says whether a valid brief is a good problem-based brief."""

from problembrief.lint.config import LintConfig, find_config
from problembrief.lint.registry import Rule, all_rules, get_rule
from problembrief.lint.runner import lint

__all__ = ["LintConfig", "Rule", "all_rules", "find_config", "get_rule", "lint"]
