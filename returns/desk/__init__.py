"""The contact desk: one admin page to handle a customer contact from search to resolution.

The agent searches, picks the customer, opens a case on an order, reads the policy's
suggestion and resolves it while logging the contact: four page loads. Every change goes
through `returns.services`; this package only parses input (`forms`), reads (`queries`),
carries the contact's start (`clock`) and renders (`views`).
"""
