"""Fraud: rules as data, blocklists and flags, an explained decision for every refund, reviews."""
