"""Customer e-mails: templates and their rendering, the signed status links, the outbox and its
sending, and the listeners that write an e-mail for each business event."""
