"""What a supervisor does from a fraud check in one step: review it, block its customer,
blocklist one of its values."""

from functools import cached_property

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fraud import services
from fraud.admin.object_actions import ObjectAction
from fraud.choices import BlocklistKind, FlagLevel, ReviewOutcome
from fraud.models import FraudCheck, RequestSignal
from fraud.normalize import customer_address


def blocklist_values(check: FraudCheck) -> dict[str, str]:
    """The values of the check's request that could go on a blocklist, by kind."""
    refund = check.refund
    customer = refund.case.customer
    signal = RequestSignal.objects.filter(case_id=refund.case_id).first()
    values = {
        BlocklistKind.EMAIL: customer.email,
        BlocklistKind.PHONE: customer.phone,
        BlocklistKind.IBAN: refund.iban,
        BlocklistKind.IP: signal.ip_address if signal and signal.ip_address else "",
        BlocklistKind.ADDRESS: customer_address(customer),
    }
    return {kind: value for kind, value in values.items() if value}


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    flag_customer = forms.BooleanField(
        label=_("Also block the customer (confirmed fraud only)"), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class Review(ObjectAction):
    name = "review"
    form = ReviewForm
    submit = _("Save the review")
    keep_form_on_error = True

    def title(self) -> str:
        return _("Review %(check)s") % {"check": self.obj}

    def perform(self, **data) -> str:
        services.check_review(actor=self.request.user, check=self.obj, **data)
        return _("%(check)s reviewed.") % {"check": self.obj}

    def success_url(self) -> str:
        # Opened from the queue (no page to return to): back to the queue, for the next one.
        if "next" in self.request.GET:
            return self.back_url()
        return reverse("admin:fraud_fraudreviewqueue_changelist")


class BlockCustomer(ObjectAction):
    name = "block_customer"
    form = ReasonForm
    submit = _("Block the customer")

    @cached_property
    def customer(self):
        return self.obj.refund.case.customer

    def title(self) -> str:
        return _("Block %(customer)s") % {"customer": self.customer}

    def perform(self, *, reason: str) -> str:
        services.customer_flag(
            actor=self.request.user, customer=self.customer, level=FlagLevel.BLOCKED, reason=reason
        )
        return _("%(customer)s is blocked.") % {"customer": self.customer}


class Blocklist(ObjectAction):
    """Blocklist the value of the kind given as `?kind=` for the check's merchant."""

    name = "blocklist"
    form = ReasonForm
    submit = _("Add to the blocklist")

    def __init__(self, model_admin, request, obj):
        super().__init__(model_admin, request, obj)
        self.kind = request.GET.get("kind", "")
        self.value = blocklist_values(obj).get(self.kind)

    def unavailable(self) -> str:
        return "" if self.value is not None else _("The request has no such value.")

    def title(self) -> str:
        return _("Blocklist %(kind)s %(value)s for %(merchant)s") % {
            "kind": BlocklistKind(self.kind).label,
            "value": self.value,
            "merchant": self.obj.merchant,
        }

    def perform(self, *, reason: str) -> str:
        entry = services.blocklist_add(
            actor=self.request.user,
            kind=self.kind,
            value=self.value,
            reason=reason,
            merchant=self.obj.merchant,
        )
        return _("%(entry)s is blocklisted.") % {"entry": entry}
