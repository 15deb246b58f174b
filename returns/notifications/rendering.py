"""Notification templates: what a supervisor may write in them, and how a message is rendered
in the customer's language."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns.choices import Resolution
from returns.common.money import format_money
from returns.models import NotificationTemplate, ReturnCase
from returns.notifications.links import status_url

# The variables a template may use; the admin's help and preview list them.
NOTIFICATION_VARIABLES = {
    "customer_name": gettext_lazy("the customer's name"),
    "merchant_name": gettext_lazy("the shop's name"),
    "case_reference": gettext_lazy("the case reference, e.g. R-7KQ4-M2XD"),
    "order_number": gettext_lazy("the shop's order number"),
    "status_url": gettext_lazy("the signed link to the case's status page"),
    "survey_url": gettext_lazy("the signed link to the survey"),
    "resolution": gettext_lazy("the decision, in words"),
    "amount": gettext_lazy("the amount refunded or credited, formatted"),
    "reason": gettext_lazy("why a request was rejected"),
    "alternative": gettext_lazy("what is offered instead of a rejected refund"),
    "store_credit_code": gettext_lazy("the store credit code (sent once, masked afterwards)"),
    "carrier": gettext_lazy("the carrier of a replacement"),
    "tracking_number": gettext_lazy("the replacement's tracking number"),
}

# Templates are written by supervisors: plain variables, conditions and filters only, no tag
# that reaches other templates or the server (include, extends, load, ssi, debug).
_FORBIDDEN_TAG = re.compile(r"{%-?\s*(include|extends|load|ssi|debug|block|templatetag)\b")

# A store credit code is only stored (hashed) by the refunds app; the outbox keeps it in
# clear only until the e-mail is out.
STORE_CREDIT_CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-([A-Z2-9]{4})\b")


def validate_template_text(text: str) -> None:
    """Raise ValidationError when a template text would not render (or reaches too far)."""
    match = _FORBIDDEN_TAG.search(text)
    if match:
        raise ValidationError(
            _("The tag “%(tag)s” is not allowed in a notification template.")
            % {"tag": match.group(1)}
        )
    try:
        Template(text, engine=Engine.get_default())
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The template has an error: %(error)s") % {"error": error}
        ) from None


def mask_store_credit_codes(text: str) -> str:
    return STORE_CREDIT_CODE.sub(lambda match: f"••••-••••-••••-{match.group(1)}", text)


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


def choose_template(merchant, kind: str) -> NotificationTemplate | None:
    """The merchant's own active template of this kind, else the global one."""
    return (
        NotificationTemplate.objects.filter(kind=kind, is_active=True)
        .filter(Q(merchant=merchant) | Q(merchant__isnull=True))
        .order_by(F("merchant").asc(nulls_last=True))
        .first()
    )


def render_message(
    template: NotificationTemplate, context: dict, *, language: str, merchant_name: str = ""
) -> RenderedMessage:
    """Subject, text and HTML in `language` (the template's fields fall back to English).
    Raises TemplateSyntaxError for a template saved around its validation."""
    engine = Engine.get_default()
    with translation.override(language):
        # Plain text: nothing to escape; the HTML layout escapes the rendered text itself.
        plain = Context(context, autoescape=False)
        subject = " ".join(Template(template.subject, engine=engine).render(plain).split())
        text = Template(template.body, engine=engine).render(plain).strip() + "\n"
        html = render_to_string(
            "emails/notification.html",
            {
                "language": language,
                "subject": subject,
                "text": text,
                "merchant_name": merchant_name or context.get("merchant_name", ""),
                "status_url": context.get("status_url", ""),
            },
        )
    return RenderedMessage(subject=subject[:255], text=text, html=html)


def case_context(case: ReturnCase, *, language: str, **extra) -> dict:
    """The variables every message about a case has; `extra` adds the event's own."""
    url = status_url(case)
    with translation.override(language):
        context = {
            "customer_name": case.customer.name,
            "merchant_name": case.merchant.name,
            "case_reference": case.reference,
            "order_number": case.order.number,
            "status_url": url,
            "survey_url": f"{url}#survey",
            "resolution": str(Resolution(case.resolution).label) if case.resolution else "",
        }
        context.update({key: str(value) for key, value in extra.items()})
    return context


def money(amount, currency: str, language: str) -> str:
    return format_money(amount, currency, language) if amount is not None else ""
