"""Form parts the desk and the admin share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from returns.models import RejectionReason, ReturnCase


class ResolutionReasonsForm(forms.Form):
    """The reasons a decision may need: one for staff and auditors, and for a rejection the
    customer's, chosen from the case's merchant's list and read in the customer's language,
    with free text after it."""

    override_reason = forms.CharField(
        label=_("Why not the suggestion?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the resolution departs from the policy's suggestion."),
    )
    rejection_choice = forms.ModelChoiceField(
        label=_("Reason the customer reads"),
        queryset=RejectionReason.objects.none(),
        required=False,
        empty_label=_("— choose —"),
        help_text=_("For a rejection: the customer reads it in their own language."),
    )
    rejection_reason = forms.CharField(
        label=_("Addition for the customer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Shown after the chosen reason, as written. A rejection needs a chosen reason, "
            "this text, or both."
        ),
    )

    def __init__(self, *args, case: ReturnCase | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            # Only the case's own merchant's reasons, and only those it still offers.
            self.fields["rejection_choice"].queryset = RejectionReason.objects.filter(
                merchant_id=case.merchant_id, is_active=True
            )
