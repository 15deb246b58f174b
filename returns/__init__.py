"""The returns desk: merchants and their policy, customers, orders, cases, contacts, shipments,
the customer e-mails and status page; and, in common/, the layer every app builds on."""
