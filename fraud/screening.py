"""The evaluator the refunds app calls through refunds.screening (it cannot import fraud)."""

from fraud.choices import CheckStage
from refunds.screening import ScreeningResult


def screen_refund(refund, *, actor, stage: str = CheckStage.REQUEST) -> ScreeningResult:
    """Evaluate and store a FraudCheck; no decision when no active rule applies."""
    from fraud.services import evaluate_refund

    check = evaluate_refund(refund=refund, actor=actor, stage=stage)
    if not check.rules_evaluated:
        return ScreeningResult("", check.summary)
    return ScreeningResult(check.decision, check.summary)
