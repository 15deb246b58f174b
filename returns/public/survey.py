"""The follow-up survey: a customer's answer (once per case) and the results staff read."""

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns.choices import CaseStatus
from returns.common.exceptions import DomainError
from returns.models import ReturnCase, SurveyResponse

ANSWERABLE_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


class SurveyError(DomainError):
    default_message = gettext_lazy("The survey cannot be answered for this case.")


def survey_is_open(case: ReturnCase) -> bool:
    return case.status in ANSWERABLE_STATUSES


@transaction.atomic
def survey_submit(
    *, case: ReturnCase, score: int, comment: str = ""
) -> tuple[SurveyResponse, bool]:
    """Record the customer's score and comment, once: a second answer changes nothing and
    returns the first with False. Raises SurveyError before the case is decided."""
    case = ReturnCase.objects.select_for_update().get(pk=case.pk)
    if not survey_is_open(case):
        raise SurveyError(_("The survey opens once your case is decided."))
    existing = SurveyResponse.objects.filter(case=case).first()
    if existing is not None:
        return existing, False
    response = SurveyResponse(case=case, score=score, comment=comment.strip())
    response.full_clean(exclude=["case"])
    response._change_reason = _("answered by the customer")
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # The customer's other tab won the race; the first answer stands.
        return SurveyResponse.objects.get(case=case), False
    return response, True


def survey_results_by_merchant(responses: QuerySet[SurveyResponse]) -> list[dict]:
    """Average score and count per merchant, best first: one query."""
    return list(
        responses.order_by()
        .values("case__merchant__name")
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by("-average", "case__merchant__name")
    )


def survey_results_by_agent(responses: QuerySet[SurveyResponse]) -> list[dict]:
    """Average score and count per staff member who decided the case: one query."""
    return list(
        responses.order_by()
        .values(
            "case__merchant__name",
            "case__resolved_by__username",
            "case__resolved_by__first_name",
            "case__resolved_by__last_name",
        )
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by("case__merchant__name", "-average", "case__resolved_by__username")
    )
