"""The demo's global notification templates, every kind in the 24 languages, and survey answers.

Each language has a greeting, a line before the status link and a closing, and for each kind
a subject and the core of the message; the body is put together as a customer reads it.
"""

from django.db import transaction

from returns.choices import CaseStatus, NotificationKind
from returns.demo.content import (
    DEMO_REASON,
    Frame,
    notification_frames,
    notification_texts,
    survey_answers,
)
from returns.models import NotificationTemplate, ReturnCase, SurveyResponse


def frame(language: str) -> Frame:
    return notification_frames()[language]


def body(language: str, kind: str) -> str:
    greeting, follow, closing = frame(language)
    message = notification_texts()[language][kind][1]
    return (
        f"{greeting}\n\n{message}\n\n{follow}\n{{{{ status_url }}}}\n\n"
        f"{closing}\n{{{{ merchant_name }}}}"
    )


def seed_templates() -> int:
    """Create the missing global templates (every kind, every language); returns how many."""
    texts = notification_texts()
    created = 0
    for kind in NotificationKind.values:
        if NotificationTemplate.objects.filter(merchant__isnull=True, kind=kind).exists():
            continue
        fields = {"subject": texts["en"][kind][0], "body": body("en", kind)}
        for language in texts:
            fields[f"subject_{language}"] = texts[language][kind][0]
            fields[f"body_{language}"] = body(language, kind)
        template = NotificationTemplate(merchant=None, kind=kind, **fields)
        template.full_clean()
        template._change_reason = DEMO_REASON
        template.save()
        created += 1
    return created


def seed(log=print) -> None:
    """Called first by the demo loader, so the demo's cases write their e-mails."""
    created = seed_templates()
    if created:
        log(f"{created} global notification templates in {len(notification_texts())} languages")
    # The cases are decided later in the same seed: a few customers answer the survey once
    # they are committed.
    transaction.on_commit(lambda: seed_survey_answers(log))


def seed_survey_answers(log=print) -> int:
    """A few decided demo cases get an answer to the follow-up survey; idempotent."""
    from returns.public.survey import survey_submit

    if SurveyResponse.objects.exists():
        return 0
    cases = ReturnCase.objects.filter(status__in=[CaseStatus.RESOLVED, CaseStatus.CLOSED])
    answered = 0
    for case, (score, comment) in zip(cases.order_by("pk"), survey_answers(), strict=False):
        survey_submit(case=case, score=score, comment=comment)
        answered += 1
    if answered:
        log(f"{answered} answers to the follow-up survey")
    return answered
