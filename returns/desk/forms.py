"""The desk's forms: the search box, the contact, the decision with its contact, a case's lines."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from returns import services
from returns.choices import (
    ContactChannel,
    ContactDirection,
    ItemCondition,
    RefundMethod,
    Resolution,
)
from returns.forms import ResolutionReasonsForm
from returns.models import Merchant, Order, ReturnReason


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a customer"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autofocus": True,
                "accesskey": "s",
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": _("E-mail, phone, order number or case reference"),
            }
        ),
    )


class ContactForm(forms.Form):
    """What the agent records about the contact itself."""

    merchant = forms.TypedChoiceField(label=_("Merchant"), coerce=int)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=ContactChannel.choices, initial=ContactChannel.PHONE
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=ContactDirection.choices, initial=ContactDirection.INBOUND
    )
    handling_seconds = forms.IntegerField(
        label=_("Handling time (s)"),
        required=False,
        min_value=1,
        max_value=24 * 3600,
        help_text=_(
            "Counts from the first search or pick of this customer; correct it if needed. "
            "Left empty, the server measures it."
        ),
        widget=forms.NumberInput(attrs={"data-desk-timer": "", "class": "desk-seconds"}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-desk-summary": ""}),
    )

    def __init__(self, *args, merchants: list[Merchant] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if merchants is None:
            # The customer decides the merchant.
            del self.fields["merchant"]
        else:
            self.fields["merchant"].choices = [(m.pk, m.name) for m in merchants]

    def seconds(self, *, started: datetime, now: datetime) -> int:
        typed = self.cleaned_data.get("handling_seconds")
        if typed:
            return typed
        return max(1, int((now - started).total_seconds()))


class DecisionForm(ResolutionReasonsForm, ContactForm):
    """The decision on a case together with the contact in which it was taken."""

    resolution = forms.ChoiceField(label=_("Resolution"), required=False)
    method = forms.ChoiceField(label=_("Refund to"), required=False)
    iban = forms.CharField(
        label=_("Customer's IBAN"),
        max_length=42,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    account_holder = forms.CharField(label=_("Account holder"), max_length=140, required=False)
    field_order = ["resolution", "override_reason", "rejection_choice", "rejection_reason"]

    def __init__(
        self,
        *args,
        suggested: str | None = None,
        methods: list[str] | None = None,
        account_holder: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["resolution"]
        field.choices = [("", _("— choose —")), *Resolution.choices]
        field.initial = suggested or ""
        field.widget.attrs["data-suggested"] = suggested or ""
        labels = dict(RefundMethod.choices)
        allowed = [method for method in methods or RefundMethod.values if method in labels]
        self.fields["method"].choices = [(method, labels[method]) for method in allowed]
        self.fields["method"].initial = allowed[0] if allowed else ""
        self.fields["method"].widget.attrs["data-refund-method"] = ""
        self.fields["account_holder"].initial = account_holder

    def clean_resolution(self):
        resolution = self.cleaned_data["resolution"]
        if self.data.get("action") == "resolve" and not resolution:
            raise forms.ValidationError(_("Choose a resolution."))
        return resolution

    def clean(self):
        data = super().clean()
        if data.get("resolution") != Resolution.REFUND:
            # Only a refund is paid: what the other decisions leave in these fields is unused.
            data.update(method="", iban="", account_holder="")
            return data
        if data.get("method") != RefundMethod.BANK_TRANSFER:
            data.update(iban="", account_holder="")
            return data
        if not data.get("iban"):
            self.add_error("iban", _("A bank transfer needs the customer's IBAN."))
        else:
            try:
                data["iban"] = IBAN(data["iban"]).compact
            except SchwiftyException as error:
                self.add_error(
                    "iban",
                    _("%(value)s is not a valid IBAN: %(error)s")
                    % {"value": data["iban"], "error": error},
                )
        if not data.get("account_holder"):
            self.add_error("account_holder", _("Whose account is it?"))
        return data

    def refund_choices(self) -> dict[str, str]:
        """How the refund is paid, for `contact_resolve`."""
        return {key: self.cleaned_data.get(key, "") for key in ("method", "iban", "account_holder")}


class OpenCaseForm(forms.Form):
    """The lines of one order the customer sends back: a tick, quantity, reason, condition."""

    def __init__(self, *args, order: Order, reasons: list[ReturnReason], **kwargs):
        super().__init__(*args, prefix=f"order-{order.pk}", **kwargs)
        self.order = order
        self.reasons = {reason.pk: reason for reason in reasons}
        reason_choices = [("", _("— reason —")), *((r.pk, r.label) for r in reasons)]
        condition_choices = [("", _("— condition —")), *ItemCondition.choices]
        self.line_keys = []
        for line in order.lines.all():
            if line.returnable < 1:
                continue
            key = f"line-{line.pk}"
            label = _("Return %(product)s") % {"product": line.product_name}
            self.fields[f"{key}-selected"] = forms.BooleanField(label=label, required=False)
            self.fields[f"{key}-quantity"] = forms.IntegerField(
                label=_("Quantity"),
                required=False,
                initial=1,
                min_value=1,
                widget=forms.NumberInput(attrs={"max": line.returnable, "class": "desk-qty"}),
            )
            self.fields[f"{key}-reason"] = forms.TypedChoiceField(
                label=_("Reason"), choices=reason_choices, coerce=int, required=False
            )
            self.fields[f"{key}-condition"] = forms.ChoiceField(
                label=_("Condition"), choices=condition_choices, required=False
            )
            self.line_keys.append((line, key))

    def rows(self):
        """Per returnable line: the line and its four bound fields, for the template."""
        return [
            {
                "line": line,
                "selected": self[f"{key}-selected"],
                "quantity": self[f"{key}-quantity"],
                "reason": self[f"{key}-reason"],
                "condition": self[f"{key}-condition"],
            }
            for line, key in self.line_keys
        ]

    def clean(self):
        data = super().clean()
        chosen = 0
        for _line, key in self.line_keys:
            if not data.get(f"{key}-selected"):
                continue
            chosen += 1
            for part, message in (
                ("quantity", _("How many?")),
                ("reason", _("Choose a reason.")),
                ("condition", _("Choose the item's condition.")),
            ):
                if not data.get(f"{key}-{part}"):
                    self.add_error(f"{key}-{part}", message)
        if not chosen:
            raise forms.ValidationError(_("Tick at least one item to return."))
        return data

    def line_inputs(self) -> list[services.ReturnLineInput]:
        data = self.cleaned_data
        return [
            services.ReturnLineInput(
                order_line=line,
                quantity=data[f"{key}-quantity"],
                reason=self.reasons[data[f"{key}-reason"]],
                condition=data[f"{key}-condition"],
            )
            for line, key in self.line_keys
            if data.get(f"{key}-selected")
        ]
