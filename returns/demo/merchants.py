"""The demo's three merchants (Spain, Germany, France) and the languages of their customers."""

from dataclasses import dataclass

from returns.choices import ListingFrequency
from returns.demo.content import DEMO_REASON
from returns.models import Merchant


@dataclass(frozen=True)
class DemoMerchant:
    slug: str
    name: str
    country: str
    language: str
    time_zone: str
    frequency: str
    customer_languages: tuple[str, ...]


MERCHANTS = (
    DemoMerchant(
        "moda-sol",
        "Moda Sol",
        "ES",
        "es",
        "Europe/Madrid",
        ListingFrequency.DAILY,
        ("es", "es", "es", "pt", "it", "en"),
    ),
    DemoMerchant(
        "hausgeraete-nord",
        "Hausgeräte Nord",
        "DE",
        "de",
        "Europe/Berlin",
        ListingFrequency.WEEKLY,
        ("de", "de", "de", "pl", "cs", "nl"),
    ),
    DemoMerchant(
        "maison-claire",
        "Maison Claire",
        "FR",
        "fr",
        "Europe/Paris",
        ListingFrequency.DAILY,
        ("fr", "fr", "fr", "nl", "sv", "en"),
    ),
)


def merchant_for(spec: DemoMerchant) -> Merchant:
    """The merchant of `spec`, created if it is missing."""
    existing = Merchant.objects.filter(slug=spec.slug).first()
    if existing:
        return existing
    created = Merchant(
        slug=spec.slug,
        name=spec.name,
        country=spec.country,
        default_language=spec.language,
        currency="EUR",
        time_zone=spec.time_zone,
        refund_listing_frequency=spec.frequency,
        finance_email=f"finance@{spec.slug}.example",
        support_email=f"support@{spec.slug}.example",
    )
    created.full_clean()
    created._change_reason = DEMO_REASON
    created.save()
    return created
