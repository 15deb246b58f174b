"""The facts a rule may look at, gathered once per evaluation by fraud.selectors."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from fraud.choices import RuleKind


@dataclass(frozen=True)
class RefundRow:
    """A refund counted by velocity and shared-IBAN rules."""

    pk: int
    merchant_id: int
    customer_id: int
    email: str
    iban: str
    requested_at: datetime


@dataclass(frozen=True)
class ListedValue:
    kind: str
    value: str
    merchant_id: int | None
    entry_id: int
    reason: str


@dataclass(frozen=True)
class DisputeRow:
    order_id: int
    order_number: str
    amount: Decimal
    opened_at: datetime


@dataclass
class Facts:
    at: datetime
    refund_id: int
    merchant_id: int
    amount: Decimal
    currency: str
    iban: str
    order_id: int
    customer_id: int
    email: str
    customer_created_at: datetime
    flag_level: str = ""
    flag_reason: str = ""
    shipping_country: str = ""
    billing_country: str = ""
    candidates: dict[str, str] = field(default_factory=dict)  # blocklist kind -> value
    refunds: list[RefundRow] = field(default_factory=list)
    orders_count: int = 0
    cases_count: int = 0
    listed: list[ListedValue] = field(default_factory=list)
    disputes: list[DisputeRow] = field(default_factory=list)


# The kinds of fact each rule kind needs beyond the refund, customer, flag and signal.
NEEDS = {
    RuleKind.VELOCITY: {"refunds"},
    RuleKind.SHARED_IBAN: {"refunds"},
    RuleKind.RETURN_RATE: {"return_rate"},
    RuleKind.BLOCKLISTED: {"blocklist"},
    RuleKind.DISPUTE: {"disputes"},
}
