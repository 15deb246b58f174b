"""What a match saw, put in words for the supervisor."""

from django.utils.translation import gettext as _

from fraud.choices import BlocklistKind, FlagLevel, RuleKind, VelocityKey


def explain(kind: str, seen: dict) -> str:
    """What a match saw, in the reader's language: '4 refunds in 30 days, limit 3'."""
    if kind == RuleKind.AMOUNT_OVER:
        return _("amount %(amount)s %(currency)s, limit %(limit)s") % seen
    if kind == RuleKind.VELOCITY:
        by = VelocityKey(seen["by"]).label
        return _("%(count)s refunds in %(days)s days for %(by)s, limit %(limit)s") % {
            **seen,
            "by": by,
        }
    if kind == RuleKind.RETURN_RATE:
        return (
            _("return rate %(rate)s %% (%(cases)s cases on %(orders)s orders), limit %(limit)s %%")
            % seen
        )
    if kind == RuleKind.BLOCKLISTED:
        return "; ".join(
            _("%(list)s %(value)s is on the blocklist (%(reason)s)")
            % {**hit, "list": BlocklistKind(hit["list"]).label}
            for hit in seen["hits"]
        )
    if kind == RuleKind.CUSTOMER_FLAGGED:
        return _("customer flagged “%(level)s”: %(reason)s") % {
            **seen,
            "level": FlagLevel(seen["level"]).label,
        }
    if kind == RuleKind.COUNTRY_MISMATCH:
        return _("shipping to %(shipping)s, billing in %(billing)s") % seen
    if kind == RuleKind.NEW_ACCOUNT:
        return (
            _(
                "account %(age_days)s days old (younger than %(days)s) asks for %(amount)s "
                "%(currency)s, limit %(limit)s"
            )
            % seen
        )
    if kind == RuleKind.DISPUTE:
        return _("%(count)s dispute(s) on order(s) %(orders)s, %(amount)s in total") % {
            **seen,
            "orders": ", ".join(seen["orders"]),
        }
    if kind == RuleKind.SHARED_IBAN:
        return _("IBAN %(iban)s used by %(customers)s customers, limit %(limit)s") % seen
    return ""
