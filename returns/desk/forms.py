"""The desk's forms: the search box, the contact, the decision with its contact, a case's lines."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from returns import services
from returns.choices import ContactChannel, ContactDirection, ItemCondition, Resolution
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
        help_text=_("Counts from when the desk opened; left empty, the server measures it."),
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
    field_order = ["resolution", "override_reason", "rejection_choice", "rejection_reason"]

    def __init__(self, *args, suggested: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["resolution"]
        field.choices = [("", _("— choose —")), *Resolution.choices]
        field.initial = suggested or ""
        field.widget.attrs["data-suggested"] = suggested or ""

    def clean_resolution(self):
        resolution = self.cleaned_data["resolution"]
        if self.data.get("action") == "resolve" and not resolution:
            raise forms.ValidationError(_("Choose a resolution."))
        return resolution


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
