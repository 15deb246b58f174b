"""The demo's texts, read from the JSON files in `data/`, and the history reason it writes."""

import json
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

from returns.choices import NotificationKind

DEMO_REASON = "demo data"


class Frame(NamedTuple):
    """What every e-mail of a language says around its message."""

    greeting: str
    before_status_link: str
    closing: str


class Script(NamedTuple):
    title: str
    body: str


class Reason(NamedTuple):
    covered: bool
    labels: dict[str, str]


@cache
def _load(name: str) -> Any:
    return json.loads(files(__package__).joinpath("data", name).read_text(encoding="utf-8"))


def notification_frames() -> dict[str, Frame]:
    """language -> the greeting, the line before the status link and the closing."""
    return {
        language: Frame(texts["greeting"], texts["before_status_link"], texts["closing"])
        for language, texts in _load("notification_templates.json").items()
    }


def notification_texts() -> dict[str, dict[str, tuple[str, str]]]:
    """language -> kind -> (subject, message); every language has every kind."""
    texts = {}
    for language, language_texts in _load("notification_templates.json").items():
        kinds = language_texts["kinds"]
        # A kind added to the code without its demo texts fails here, not in a customer's mail.
        missing = set(NotificationKind.values) - set(kinds)
        if missing:
            raise ValueError(f"notification_templates.json: {language} lacks {sorted(missing)}")
        texts[language] = {kind: (text["subject"], text["message"]) for kind, text in kinds.items()}
    return texts


def return_reasons() -> dict[str, Reason]:
    """code -> whether the policy covers it and its label per language, in creation order."""
    return {
        code: Reason(reason["covered"], reason["label"])
        for code, reason in _load("return_reasons.json").items()
    }


def response_scripts() -> dict[str, dict[str, Script]]:
    """script key -> language -> (title, body)."""
    return {
        key: {language: Script(text["title"], text["body"]) for language, text in texts.items()}
        for key, texts in _load("response_scripts.json").items()
    }


def rejection_reasons() -> dict[str, dict[str, str]]:
    """code -> language -> what a customer reads when a return is rejected for that reason,
    in creation order."""
    return {code: dict(texts) for code, texts in _load("rejection_reasons.json").items()}


def survey_answers() -> list[tuple[int, str]]:
    """(score, comment) of the customers who answer the follow-up survey."""
    return [(answer["score"], answer["comment"]) for answer in _load("survey_answers.json")]
