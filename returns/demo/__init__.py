"""The returns app's demo: merchants, staff, customers, orders, cases and the texts they use."""

from returns.demo.accounts import DEMO_PASSWORD
from returns.demo.loader import seed

__all__ = ["DEMO_PASSWORD", "seed"]
