"""The fraud rules: their parameters, the facts they look at, how each kind judges, the verdict.

Evaluation is in two steps so that its cost does not grow with the number of rules:
fraud.selectors gathers the facts a set of rules needs (one query per kind of fact), then
each rule is a pure function of those facts here.
"""

from fraud.rules.explain import explain
from fraud.rules.facts import NEEDS, DisputeRow, Facts, ListedValue, RefundRow
from fraud.rules.judges import Match, judge
from fraud.rules.parameters import PARAM_NAMES, PARAMS, Param, validate_parameters
from fraud.rules.verdict import REVIEW_SCORE, Verdict, decide

__all__ = [
    "NEEDS",
    "PARAMS",
    "PARAM_NAMES",
    "REVIEW_SCORE",
    "DisputeRow",
    "Facts",
    "ListedValue",
    "Match",
    "Param",
    "RefundRow",
    "Verdict",
    "decide",
    "explain",
    "judge",
    "validate_parameters",
]
