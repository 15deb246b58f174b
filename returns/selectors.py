"""What other apps read of the returns desk beyond its models: the policy's view of a case."""

from returns.models import ReturnCase
from returns.policy import Suggestion, suggest_resolution


def case_suggestion(case: ReturnCase) -> Suggestion:
    """The outcome the merchant's policy suggests for the case, whether it is inside the policy,
    and why, in the active language."""
    return suggest_resolution(case)
