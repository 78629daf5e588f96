"""A timeline proposed from the legal minimum periods (issue 12, item 3): `problembrief plan BRIEF`.

`propose(brief, notice_sent)` gives every milestone the brief's procedure needs, counted as Regulation
1182/71 counts, with the Danish public holidays of the `holidays` library; `plan_yaml(brief, notice_sent,
language)` prints it as YAML to paste into the brief's `procurement.timeline`, explained line by line.
"""

from problembrief.plan.output import plan_yaml, render
from problembrief.plan.timeline import Proposal, notice_sent_of, procedures, propose

__all__ = ["Proposal", "notice_sent_of", "plan_yaml", "procedures", "propose", "render"]
