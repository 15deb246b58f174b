"""Database content customers read, translated into every language (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from returns.models import NotificationTemplate, RejectionReason, ResponseScript, ReturnReason


@register(ReturnReason)
class ReturnReasonTranslation(TranslationOptions):
    fields = ("label",)


@register(ResponseScript)
class ResponseScriptTranslation(TranslationOptions):
    fields = ("title", "body")


@register(RejectionReason)
class RejectionReasonTranslation(TranslationOptions):
    fields = ("text",)


@register(NotificationTemplate)
class NotificationTemplateTranslation(TranslationOptions):
    fields = ("subject", "body")


# The history of a translated model must be built after modeltranslation added the
# per-language fields, or its historical model would lack them (simple-history #209).
simple_history.register(ReturnReason, app="returns")
simple_history.register(ResponseScript, app="returns")
simple_history.register(NotificationTemplate, app="returns")
simple_history.register(RejectionReason, app="returns")
