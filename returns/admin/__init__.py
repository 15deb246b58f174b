"""The returns app's admin, a module for each part; importing the package registers them all."""

from returns import admin_notifications  # noqa: F401  (the customer e-mails and the survey)
from returns.admin import cases, contacts, customers, merchants, shipments, staff  # noqa: F401
