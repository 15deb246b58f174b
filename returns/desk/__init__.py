"""The contact desk: one admin page to handle a customer contact from search to resolution.

The agent searches (or picks) the customer, opens a case on an order, reads the policy's
suggestion and resolves it while logging the contact: three page loads from an open desk.
Every change goes through `returns.services`; this package only parses input (`forms`),
reads (`queries`), carries the contact's start from its first action (`clock`), says who
decides a case and what its decision set off (`outcome`) and renders (`views`).
"""
