"""Fraud screening of refund requests, as a registry the fraud app fills.

Refunds cannot import the fraud app (fraud depends on refunds); the fraud app registers
its evaluator here in its AppConfig.ready, and every refund request is screened by it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from refunds.choices import FraudDecision


class ScreeningStage(models.TextChoices):
    """When a refund is screened: as it is requested, and again before it is approved."""

    REQUEST = "request", _("Request")
    APPROVAL = "approval", _("Approval")


# From no decision ("") to the strictest. Fraud rules' actions have the same values and
# combine in the same order: whoever decides, the strictest decision wins.
SEVERITY = ("", FraudDecision.ALLOW, FraudDecision.REVIEW, FraudDecision.BLOCK)


@dataclass(frozen=True)
class ScreeningResult:
    decision: str = ""  # "", or a FraudDecision
    summary: str = ""


_evaluators: list[Callable[..., ScreeningResult]] = []


def register(evaluator: Callable[..., ScreeningResult]) -> Callable[..., ScreeningResult]:
    if evaluator not in _evaluators:
        _evaluators.append(evaluator)
    return evaluator


def stricter(decision: str, than: str) -> bool:
    """Whether `decision` is stricter than `than`; "" is no decision, milder than any."""
    return SEVERITY.index(decision or "") > SEVERITY.index(than or "")


def evaluate(refund, *, actor, stage: str = ScreeningStage.REQUEST) -> ScreeningResult:
    """The strictest decision of the registered evaluators (block > review > allow), at the
    request or at an approval."""
    result = ScreeningResult()
    for evaluator in _evaluators:
        found = evaluator(refund, actor=actor, stage=stage)
        if stricter(found.decision, result.decision):
            result = found
    return result
