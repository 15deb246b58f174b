"""The status page's forms (the lookup, the survey) and what it answers a wrong lookup."""

from django import forms
from django.utils.translation import gettext_lazy

NOT_FOUND = gettext_lazy(
    "We could not find a return with this reference and e-mail address. Check both (the "
    "reference is in our e-mails, like R-7KQ4-M2XD) and try again."
)
TOO_MANY = gettext_lazy(
    "Too many attempts. For your security, please wait a quarter of an hour and try again."
)


class LookupForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Case reference"),
        max_length=32,
        help_text=gettext_lazy("In our e-mails, for example R-7KQ4-M2XD."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address used for the order"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you with how we handled your return?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything you would like to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
