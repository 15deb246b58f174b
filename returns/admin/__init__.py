"""The returns app's admin, a module for each part; importing the package registers them all."""

from returns.admin import (  # noqa: F401
    cases,
    contacts,
    customers,
    merchants,
    notifications,
    rejections,
    shipments,
    staff,
)
