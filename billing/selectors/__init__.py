"""Billing's reads: a month's contacts by tariff period, invoice sums, the handling-time report."""

from billing.selectors.handling_time import REPORT_GROUPS, ReportRow, handling_time_report
from billing.selectors.invoices import binding_invoice_at, line_amount, vat_by_rate
from billing.selectors.months import ChannelFigures, LineFigures, MonthBilling, month_billing
from billing.selectors.percentiles import ONE_DECIMAL, PERCENTILE, PercentileCont, percentile
from billing.selectors.periods import (
    Period,
    default_vat_rate,
    local_midnight,
    month_days,
    tariff_periods,
)

__all__ = [
    "ONE_DECIMAL",
    "PERCENTILE",
    "REPORT_GROUPS",
    "ChannelFigures",
    "LineFigures",
    "MonthBilling",
    "PercentileCont",
    "Period",
    "ReportRow",
    "binding_invoice_at",
    "default_vat_rate",
    "handling_time_report",
    "line_amount",
    "local_midnight",
    "month_billing",
    "month_days",
    "percentile",
    "tariff_periods",
    "vat_by_rate",
]
