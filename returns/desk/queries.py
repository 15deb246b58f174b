"""What the desk reads: the customer search, a customer's orders with what is left to return."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Lower, Replace
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from returns.common.phones import phone_candidates
from returns.common.references import normalize_reference
from returns.models import Customer, Merchant, Order, OrderLine, ResponseScript, ReturnCase

SEARCH_LIMIT = 20
_PHONE_CHARACTERS = set("0123456789+-()/. ")


@dataclass
class SearchHit:
    customer: Customer
    matched: str
    case_id: int | None = None
    url: str = ""


def _compact_phone(expression):
    for character in (" ", "-", "(", ")", "/", "."):
        expression = Replace(expression, Value(character), Value(""))
    return expression


def _phone_regions(customers: QuerySet) -> list[str]:
    """The countries a number typed without its country code may be of: the merchants' first,
    then their customers' (a shop in Spain has customers in Poland)."""
    pairs = list(customers.order_by().values_list("merchant__country", "country").distinct())
    ordered = [merchant for merchant, _customer in pairs] + [country for _m, country in pairs]
    return list(dict.fromkeys(country for country in ordered if country))


def _customers_by_phone(text: str, customers: QuerySet) -> list[Customer]:
    """Phones are stored in E.164: "+48 22 632 36 98", "0048226323698" and "22 632 36 98"
    find the same customer. A number stored as typed (not a valid one) matches as typed."""
    spellings = {text}
    # Only what looks like a number: phonenumbers reads letters as a keypad's digits.
    if not set(text) - _PHONE_CHARACTERS:
        international = text.startswith("+") or text.startswith("00")
        regions = [] if international else _phone_regions(customers)
        spellings.update(phone_candidates(text, regions=regions))
    found = list(customers.filter(phone__in=spellings)[:SEARCH_LIMIT])
    if not found:
        compact = "".join(ch for ch in text if ch.isdigit() or ch == "+")
        found = list(
            customers.alias(phone_compact=_compact_phone("phone")).filter(phone_compact=compact)[
                :SEARCH_LIMIT
            ]
        )
    return found


def customers_search(text: str, merchants: QuerySet) -> list[SearchHit]:
    """Customers of `merchants` by e-mail (exact or prefix), phone, order number or case reference.

    Every key but the e-mail prefix and a phone stored as typed is an indexed equality.
    """
    text = text.strip()
    if not text:
        return []
    hits: dict[int, SearchHit] = {}

    def add(customer, matched, case_id=None):
        hits.setdefault(customer.pk, SearchHit(customer, matched, case_id))

    customers = Customer.objects.filter(merchant__in=merchants).select_related("merchant")
    reference = normalize_reference(text)
    for case in ReturnCase.objects.filter(
        merchant__in=merchants, reference=reference
    ).select_related("customer__merchant"):
        add(case.customer, _("case %(reference)s") % {"reference": case.reference}, case.pk)
    numbers = {text, text.lstrip("#").strip(), text.lstrip("#").strip().upper()}
    for order in Order.objects.filter(merchant__in=merchants, number__in=numbers).select_related(
        "customer__merchant"
    ):
        add(order.customer, _("order %(number)s") % {"number": order.number})

    lowered = text.lower()
    by_email = customers.alias(email_lower=Lower("email"))
    found = list(by_email.filter(email_lower=lowered)[:SEARCH_LIMIT])
    if not found and len(lowered) >= 3 and " " not in lowered:
        found = list(by_email.filter(email_lower__startswith=lowered)[:SEARCH_LIMIT])
    for customer in found:
        add(customer, _("e-mail"))

    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 6:
        for customer in _customers_by_phone(text, customers):
            add(customer, _("phone"))
    return list(hits.values())[:SEARCH_LIMIT]


def customer_orders(customer: Customer) -> QuerySet:
    """The customer's orders, each line with how many of it may still be returned."""
    lines = OrderLine.objects.with_returnable().order_by("id")
    return customer.orders.prefetch_related(Prefetch("lines", queryset=lines))


def response_scripts(merchant: Merchant, language: str) -> list[dict]:
    """The merchant's active response scripts, in the customer's language."""
    with translation.override(language):
        return [
            {"pk": script.pk, "title": script.title, "body": script.body}
            for script in ResponseScript.objects.filter(merchant=merchant, is_active=True)
        ]
