"""Fraud screening of refund requests, as a registry the fraud app fills.

Refunds cannot import the fraud app (fraud depends on refunds); the fraud app registers
its evaluator here in its AppConfig.ready, and every refund request is screened by it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ScreeningResult:
    decision: str = ""  # "", or a refunds.choices.FraudDecision value
    summary: str = ""


_evaluators: list[Callable[..., ScreeningResult]] = []


def register(evaluator: Callable[..., ScreeningResult]) -> Callable[..., ScreeningResult]:
    if evaluator not in _evaluators:
        _evaluators.append(evaluator)
    return evaluator


RANK = {"": 0, "allow": 1, "review": 2, "block": 3}


def stricter(decision: str, than: str) -> bool:
    return RANK[decision] > RANK[than or ""]


def evaluate(refund, *, actor, stage: str = "request") -> ScreeningResult:
    """The strictest decision of the registered evaluators (block > review > allow), at the
    request or at an approval."""
    result = ScreeningResult()
    for evaluator in _evaluators:
        found = evaluator(refund, actor=actor, stage=stage)
        if stricter(found.decision, result.decision):
            result = found
    return result
