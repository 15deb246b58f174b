"""Billing: per-contact tariffs, monthly invoices and their PDFs, the handling-time report."""
