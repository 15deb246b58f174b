"""The customer's pages: the status page with its case timeline, and the follow-up survey."""
