"""The 90th percentile: PostgreSQL's percentile_cont, or the same interpolation in Python."""

from decimal import Decimal

from django.db import connection
from django.db.models import Aggregate, FloatField

PERCENTILE = Decimal("0.9")
ONE_DECIMAL = Decimal("0.1")


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont: linear interpolation between the closest ranks."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, percentile: Decimal, **extra):
        super().__init__(expression, percentile=str(Decimal(percentile)), **extra)


def percentile(sorted_values: list[int], fraction: Decimal = PERCENTILE) -> Decimal:
    """As percentile_cont: the value at rank (n - 1) * fraction, interpolated."""
    if not sorted_values:
        return Decimal("0.0")
    rank = (len(sorted_values) - 1) * fraction
    lower = int(rank)
    upper = min(lower + 1, len(sorted_values) - 1)
    low, high = sorted_values[lower], sorted_values[upper]
    return (low + (high - low) * (rank - lower)).quantize(ONE_DECIMAL)


def one_decimal(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(ONE_DECIMAL)


def has_percentile() -> bool:
    return connection.vendor == "postgresql"
