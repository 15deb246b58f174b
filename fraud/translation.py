"""The rule description supervisors read, translated (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from fraud.models import FraudRule


@register(FraudRule)
class FraudRuleTranslation(TranslationOptions):
    fields = ("description",)


# History after the translated fields exist, as in returns/translation.py (simple-history #209).
simple_history.register(FraudRule, app="fraud")
