"""Where the apps downstream of the returns desk plug into it without it importing them: how a
resolution is carried out, and what they add to a case's public timeline."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from returns.common.events import RefundFacts, StoreCreditFacts


@dataclass(frozen=True)
class ResolutionOutcome:
    """What carrying out a resolution produced, for the event that tells the customer."""

    refund: RefundFacts | None = None
    store_credit: StoreCreditFacts | None = None


ResolutionHandler = Callable[..., ResolutionOutcome | None]
_resolution_handlers: dict[str, ResolutionHandler] = {}


def resolution_handler(resolution: str) -> Callable[[ResolutionHandler], ResolutionHandler]:
    """Register how cases resolved as `resolution` are carried out (one handler each)."""

    def decorator(handler: ResolutionHandler) -> ResolutionHandler:
        _resolution_handlers[resolution] = handler
        return handler

    return decorator


def carry_out_resolution(case, *, actor, suggestion, **choices) -> ResolutionOutcome:
    """Run the handler of the case's resolution; a resolution nobody handles produces nothing."""
    handler = _resolution_handlers.get(case.resolution)
    outcome = handler(case, actor=actor, suggestion=suggestion, **choices) if handler else None
    return outcome or ResolutionOutcome()


@dataclass
class TimelineItem:
    """One step of a case's public timeline; texts already in the reader's language."""

    at: datetime | None
    title: str
    details: list[str] = field(default_factory=list)
    kind: str = "step"


# A source gets the case, the reader's language (active while it runs) and the merchant's time
# zone; it returns its steps, and the lines it adds to the case's decision.
TimelineSource = Callable[..., "TimelineContribution"]


@dataclass
class TimelineContribution:
    items: Iterable[TimelineItem] = ()
    decision_details: Iterable[str] = ()
    # Set when the case's decision is not the desk's to tell (a refund a supervisor decides):
    # the steps that stand instead of it.
    decision_steps: list[TimelineItem] | None = None


_timeline_sources: list[TimelineSource] = []


def timeline_source(source: TimelineSource) -> TimelineSource:
    """Register a source of public timeline steps (a refund paid, store credit issued)."""
    if source not in _timeline_sources:
        _timeline_sources.append(source)
    return source


def timeline_contributions(case, *, language: str, zone) -> list[TimelineContribution]:
    return [source(case, language=language, zone=zone) for source in _timeline_sources]


@dataclass(frozen=True)
class ContactGuard:
    """What a downstream app protects in the contacts (billing: those an invoice counted).

    `check_change(contact)` raises a DomainError when saving the contact as it is would break
    what the app stated; `undeletable(contacts)` names the contacts that may not be deleted.
    """

    check_change: Callable[[object], None]
    undeletable: Callable[[Iterable[object]], list[str]]


_contact_guards: list[ContactGuard] = []


def contact_guard(guard: ContactGuard) -> ContactGuard:
    """Register a guard the contact admin asks before it saves or deletes contacts."""
    if guard not in _contact_guards:
        _contact_guards.append(guard)
    return guard


def check_contact_change(contact) -> None:
    """Raise the first guard's DomainError against saving `contact` as it is."""
    for guard in _contact_guards:
        guard.check_change(contact)


def undeletable_contacts(contacts) -> list[str]:
    """The contacts among `contacts` some guard keeps, as labels for the delete page."""
    return [label for guard in _contact_guards for label in guard.undeletable(contacts)]


@dataclass(frozen=True)
class CaseMoney:
    """Money a downstream app pays or will pay on a case (a refund, store credit), as the staff
    who resolved it read it; texts already in the reader's language."""

    title: str
    state: str
    # A code for the page's styling (`awaiting_approval`, `approved`, ...).
    stage: str = ""
    details: tuple[str, ...] = ()


# A source gets the case (its refunds and store credits prefetched or not) and returns its money.
CaseMoneySource = Callable[[object], Iterable[CaseMoney]]
_case_money_sources: list[CaseMoneySource] = []


def case_money_source(source: CaseMoneySource) -> CaseMoneySource:
    """Register a source of what a case's resolution pays (the refunds app's refunds)."""
    if source not in _case_money_sources:
        _case_money_sources.append(source)
    return source


def case_money(case) -> list[CaseMoney]:
    """What the registered sources say a case pays, for the desk's result."""
    return [money for source in _case_money_sources for money in source(case)]


# A downstream app narrows an item of the admin's work list to what the user may act on (the
# refunds to approve, without their own requests the four-eyes rule keeps from them).
WorkFilter = Callable[[object, object], object]
_work_filters: dict[str, WorkFilter] = {}


def work_filter(permission: str) -> Callable[[WorkFilter], WorkFilter]:
    """Register `filter(queryset, user)` for the work item counted under `permission`."""

    def decorator(function: WorkFilter) -> WorkFilter:
        _work_filters[permission] = function
        return function

    return decorator


def narrow_work(permission: str, queryset, user):
    """The rows of a work item `user` may act on; all of them when no app narrows it."""
    function = _work_filters.get(permission)
    return function(queryset, user) if function else queryset
