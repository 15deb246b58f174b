"""Refunds: the state machine from request to payment, the listings finance pays, store credit."""
