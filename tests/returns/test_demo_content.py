import pytest
from django.conf import settings

from returns.choices import NotificationKind
from returns.demo import cases, content, policies

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def test_every_demo_text_is_there_in_the_24_languages():
    assert len(LANGUAGES) == 24
    assert set(content.notification_frames()) == LANGUAGES
    for code, texts in content.rejection_reasons().items():
        assert set(texts) == LANGUAGES, code
    for language, kinds in content.notification_texts().items():
        assert set(kinds) == set(NotificationKind.values), language
        assert all(subject and message for subject, message in kinds.values()), language
    for code, reason in content.return_reasons().items():
        assert set(reason.labels) == LANGUAGES, code
    for key, texts in content.response_scripts().items():
        assert set(texts) == LANGUAGES, key


def test_the_demo_plans_use_only_reasons_the_data_defines():
    codes = set(content.return_reasons())
    assert {code for code, *_rest in cases.CASE_PLAN} <= codes
    assert {code for *_rest, reason_codes in policies.RULES for code in reason_codes} <= codes
    assert cases.REJECTION_CODE in content.rejection_reasons()


def test_a_notification_kind_without_demo_texts_fails_loudly(monkeypatch):
    data = content._load("notification_templates.json")
    broken = {
        language: texts | {"kinds": dict(list(texts["kinds"].items())[1:])}
        for language, texts in data.items()
    }
    monkeypatch.setattr(content, "_load", lambda name: broken)
    with pytest.raises(ValueError, match="lacks"):
        content.notification_texts()
