"""Database content customers read, translated into every language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from returns.models import ResponseScript, ReturnReason


@register(ReturnReason)
class ReturnReasonTranslation(TranslationOptions):
    fields = ("label",)


@register(ResponseScript)
class ResponseScriptTranslation(TranslationOptions):
    fields = ("title", "body")
