"""Stage 3: the rule catalogue (rules.md) that says whether a valid brief is a good problem-based brief."""

from problembrief.lint.catalogue import all_rules, check_codes, get_rule, known_codes
from problembrief.lint.config import ConfigError, LintConfig, find_config
from problembrief.lint.registry import Rule
from problembrief.lint.runner import lint

__all__ = ["ConfigError", "LintConfig", "Rule", "all_rules", "check_codes", "find_config", "get_rule",
           "known_codes", "lint"]
