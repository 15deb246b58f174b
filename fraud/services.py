"""Fraud actions: evaluating a refund, reviewing a check, flagging, blocklisting, backtesting.

Each one takes the acting user, runs in one transaction and records why in the history.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fraud import selectors
from fraud.choices import CheckStage, FlagLevel, ReviewOutcome, RuleAction
from fraud.exceptions import (
    AlreadyReviewed,
    GlobalScopeNotPermitted,
    InvalidBlocklistValue,
    InvalidFlagLevel,
    InvalidReviewOutcome,
    NoteRequired,
    NothingToReview,
)
from fraud.models import BlocklistEntry, CustomerFlag, FraudCheck, FraudRule
from fraud.rules import Match, decide, explain, judge
from refunds.choices import FraudDecision
from refunds.models import Refund
from refunds.services import refund_record_fraud_decision
from returns.common.exceptions import ActionNotPermitted
from returns.common.transitions import ensure_assigned, save_with_history
from returns.models import Customer, Merchant


def _require(actor, permission: str, message: str) -> None:
    if not actor.has_perm(permission):
        raise ActionNotPermitted(message)


def _summary(decision: str, score: int, matches: list[Match], evaluated: int) -> str:
    if not matches:
        return _("fraud screening: %(count)s rules, none matched") % {"count": evaluated}
    return _("fraud screening: %(decision)s, score %(score)s: %(reasons)s") % {
        "decision": RuleAction(decision).label.lower(),
        "score": score,
        "reasons": "; ".join(f"{m.name} ({explain(m.kind, m.seen)})" for m in matches),
    }


@transaction.atomic
def evaluate_refund(*, refund: Refund, actor, stage: str = CheckStage.REQUEST) -> FraudCheck:
    """Check a refund against the active rules of its merchant and the global ones, and store
    the result as a FraudCheck. A system step: no role needed, nothing raised. At approval,
    rules a supervisor already judged a false positive for this refund no longer count."""
    refund = selectors.refund_for_screening(refund.pk)
    rules = selectors.rules_for(refund.merchant_id)
    facts = selectors.gather_facts(refund, rules)
    cleared = selectors.cleared_rule_ids(refund.pk) if stage == CheckStage.APPROVAL else set()
    matches = [match for rule in rules if (match := judge(rule, facts)) is not None]
    counting = [match for match in matches if match.rule_id not in cleared]
    verdict = decide(counting)
    stored = []
    for match in matches:
        data = match.as_json()
        if match.rule_id in cleared:
            data["cleared"] = True
            data["message"] += " " + _("(cleared by an earlier review)")
        stored.append(data)
    check = FraudCheck(
        refund=refund,
        merchant_id=refund.merchant_id,
        stage=stage,
        score=verdict.score,
        decision=verdict.decision,
        rules_evaluated=len(rules),
        matches=stored,
        summary=_summary(verdict.decision, verdict.score, counting, len(rules)),
        checked_for=actor,
    )
    save_with_history(
        check,
        actor=actor,
        reason=_("fraud screening at %(stage)s") % {"stage": CheckStage(stage).label.lower()},
    )
    if matches:
        check.matched_rules.add(*(match.rule_id for match in matches))
    return check


@transaction.atomic
def check_review(
    *, check: FraudCheck, actor, outcome: str, note: str, flag_customer: bool = False
) -> FraudCheck:
    """A supervisor's verdict on a held or blocked refund. Confirmed fraud blocks the refund
    (and, if asked, the customer); a false positive lets it go on. Raises AlreadyReviewed,
    NothingToReview, InvalidReviewOutcome, NoteRequired, ActionNotPermitted."""
    _require(actor, "fraud.review_fraudcheck", _("Your role does not allow reviewing fraud."))
    if outcome not in ReviewOutcome.values:
        raise InvalidReviewOutcome
    if not note or not note.strip():
        raise NoteRequired
    check = (
        FraudCheck.objects.select_for_update().select_related("merchant", "refund").get(pk=check.pk)
    )
    ensure_assigned(actor, check.merchant)
    if check.review_outcome:
        raise AlreadyReviewed
    if check.decision == RuleAction.ALLOW:
        raise NothingToReview
    check.review_outcome = outcome
    check.review_note = note.strip()
    check.reviewed_by = actor
    check.reviewed_at = timezone.now()
    label = ReviewOutcome(outcome).label.lower()
    save_with_history(check, actor=actor, reason=_("reviewed: %(outcome)s") % {"outcome": label})
    refund = refund_record_fraud_decision(
        refund=check.refund,
        decision=(
            FraudDecision.BLOCK if outcome == ReviewOutcome.CONFIRMED_FRAUD else FraudDecision.ALLOW
        ),
        actor=actor,
        reason=_("fraud review: %(outcome)s: %(note)s")
        % {"outcome": label, "note": check.review_note},
    )
    if flag_customer and outcome == ReviewOutcome.CONFIRMED_FRAUD:
        customer_flag(
            actor=actor,
            customer=refund.case.customer,
            level=FlagLevel.BLOCKED,
            reason=_("confirmed fraud on refund %(refund)s: %(note)s")
            % {"refund": refund.reference, "note": check.review_note},
        )
    return check


@transaction.atomic
def customer_flag(*, actor, customer: Customer, level: str, reason: str) -> CustomerFlag:
    """Mark a customer to watch or to block; replaces an earlier flag. Raises NoteRequired,
    InvalidFlagLevel."""
    _require(actor, "fraud.add_customerflag", _("Your role does not allow flagging customers."))
    ensure_assigned(actor, customer.merchant)
    if not reason or not reason.strip():
        raise NoteRequired(_("Say why you flag the customer."))
    if level not in FlagLevel.values:
        raise InvalidFlagLevel
    flag = CustomerFlag.objects.select_for_update().filter(customer=customer).first()
    flag = flag or CustomerFlag(customer=customer)
    flag.level = level
    flag.reason = reason.strip()
    flag.flagged_by = actor
    flag.flagged_at = timezone.now()
    flag.full_clean()
    save_with_history(
        flag,
        actor=actor,
        reason=_("customer flagged %(level)s: %(reason)s")
        % {"level": FlagLevel(level).label.lower(), "reason": flag.reason},
    )
    return flag


@transaction.atomic
def customer_unflag(*, actor, customer: Customer, reason: str) -> None:
    """Take a customer's flag off; the history keeps it."""
    _require(actor, "fraud.delete_customerflag", _("Your role does not allow removing flags."))
    ensure_assigned(actor, customer.merchant)
    if not reason or not reason.strip():
        raise NoteRequired(_("Say why you remove the flag."))
    flag = CustomerFlag.objects.select_for_update().filter(customer=customer).first()
    if flag is not None:
        flag._change_reason = reason.strip()
        flag._history_user = actor
        flag.delete()


@transaction.atomic
def blocklist_add(
    *,
    actor,
    kind: str,
    value: str,
    reason: str,
    merchant: Merchant | None = None,
    expires_at: datetime | None = None,
) -> BlocklistEntry:
    """Put a value on a merchant's blocklist (or everyone's, administrators only); adding an
    entry that exists renews its reason and expiry. Raises InvalidBlocklistValue."""
    _require(actor, "fraud.add_blocklistentry", _("Your role does not allow blocklisting."))
    if merchant is None:
        if not actor.is_superuser:
            raise GlobalScopeNotPermitted
    else:
        ensure_assigned(actor, merchant)
    if not reason or not reason.strip():
        raise NoteRequired(_("Say why the value is blocklisted."))
    probe = BlocklistEntry(kind=kind, value=value)
    try:
        probe.clean()
    except ValidationError as error:
        raise InvalidBlocklistValue(" ".join(error.messages)) from None
    entry = (
        BlocklistEntry.objects.select_for_update()
        .filter(kind=kind, value=probe.value, merchant=merchant)
        .first()
    ) or BlocklistEntry(kind=kind, value=probe.value, merchant=merchant, created_by=actor)
    renewed = entry.pk is not None
    entry.reason = reason.strip()
    entry.expires_at = expires_at
    try:
        entry.full_clean(validate_unique=not renewed)
    except ValidationError as error:
        raise InvalidBlocklistValue(" ".join(error.messages)) from None
    save_with_history(
        entry,
        actor=actor,
        reason=(
            _("blocklist entry renewed: %(reason)s") if renewed else _("blocklisted: %(reason)s")
        )
        % {"reason": entry.reason},
    )
    return entry


@transaction.atomic
def blocklist_change(
    *, entry: BlocklistEntry, actor, reason: str, expires_at: datetime | None
) -> BlocklistEntry:
    """Give an entry a new reason or expiry (its value stays: a new value is a new entry);
    a global entry is an administrator's. Raises NoteRequired, GlobalScopeNotPermitted,
    ActionNotPermitted."""
    _require(actor, "fraud.change_blocklistentry", _("Your role does not allow blocklisting."))
    entry = (
        BlocklistEntry.objects.select_for_update(of=("self",))
        .select_related("merchant")
        .get(pk=entry.pk)
    )
    if entry.merchant is None:
        if not actor.is_superuser:
            raise GlobalScopeNotPermitted
    else:
        ensure_assigned(actor, entry.merchant)
    if not reason or not reason.strip():
        raise NoteRequired(_("Say why the value is blocklisted."))
    entry.reason = reason.strip()
    entry.expires_at = expires_at
    entry.full_clean()
    save_with_history(
        entry,
        actor=actor,
        reason=_("blocklist entry changed: %(reason)s") % {"reason": entry.reason},
    )
    return entry


@dataclass
class BacktestExample:
    refund: Refund
    message: str


@dataclass
class Backtest:
    rule: FraudRule
    days: int
    evaluated: int = 0
    matched: int = 0
    reviewed: int = 0
    blocked: int = 0
    examples: list[BacktestExample] = field(default_factory=list)


BACKTEST_LIMIT = 5000
BACKTEST_EXAMPLES = 10


def rule_backtest(*, rule: FraudRule, actor, days: int = 30) -> Backtest:
    """Run a rule (active or not) over the requests of the last `days` days, each as of its
    own request time, and count what it would have matched, held and blocked. Reads only."""
    _require(actor, "fraud.view_fraudrule", _("Your role does not allow viewing fraud rules."))
    if rule.merchant_id is not None:
        ensure_assigned(actor, rule.merchant)
    result = Backtest(rule=rule, days=days)
    requests = Refund.objects.filter(requested_at__gte=timezone.now() - timedelta(days=days))
    if rule.merchant_id is not None:
        requests = requests.filter(merchant_id=rule.merchant_id)
    elif not actor.is_superuser:
        requests = requests.filter(merchant__staff=actor)
    requests = requests.select_related(
        "merchant", "case__customer__fraud_flag", "case__fraud_signal"
    ).order_by("-requested_at")[:BACKTEST_LIMIT]
    for refund in requests:
        facts = selectors.gather_facts(refund, [rule], at=refund.requested_at)
        match = judge(rule, facts)
        result.evaluated += 1
        if match is None:
            continue
        result.matched += 1
        verdict = decide([match])
        if verdict.decision == RuleAction.REVIEW:
            result.reviewed += 1
        elif verdict.decision == RuleAction.BLOCK:
            result.blocked += 1
        if len(result.examples) < BACKTEST_EXAMPLES:
            result.examples.append(BacktestExample(refund, explain(match.kind, match.seen)))
    return result
