"""The decision the matched rules add up to."""

from dataclasses import dataclass

from fraud.choices import RuleAction
from fraud.rules.judges import Match
from refunds.screening import stricter

# A score this high holds the refund for review even when every matched rule only allows.
REVIEW_SCORE = 100


@dataclass(frozen=True)
class Verdict:
    score: int
    decision: str
    matches: list[Match]


def decide(matches: list[Match]) -> Verdict:
    """The strictest action of the matched rules; a high enough score means at least review."""
    score = sum(match.weight for match in matches)
    decision = RuleAction.ALLOW
    for match in matches:
        if stricter(match.action, decision):
            decision = RuleAction(match.action)
    if score >= REVIEW_SCORE and decision == RuleAction.ALLOW:
        decision = RuleAction.REVIEW
    return Verdict(score, decision, matches)
