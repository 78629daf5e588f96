"""The rule families. Importing this package registers every rule with the registry."""

from problembrief.lint.rules import data, ethics, outcomes, plan, problem, procurement, structure, target_group

__all__ = ["data", "ethics", "outcomes", "plan", "problem", "procurement", "structure", "target_group"]
