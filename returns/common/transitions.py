"""Running a state-machine transition the one way every service does it."""

from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, FSMFieldMixin, can_proceed, has_transition_perm

from returns.common.exceptions import ActionNotPermitted, NotAssigned, TransitionNotAllowed


def ensure_assigned(actor, merchant) -> None:
    """Staff act only for the merchants they are assigned to."""
    if actor.is_superuser or merchant.staff.filter(pk=actor.pk).exists():
        return
    raise NotAssigned(_("You are not assigned to %(merchant)s.") % {"merchant": merchant.name})


def run_transition(obj, transition: str, *, actor, reason: str, **kwargs) -> None:
    """Check source state and permission, run the transition, save with its history reason.

    The caller holds the row lock and the transaction. Raises TransitionNotAllowed or
    ActionNotPermitted and changes nothing when the step is not open to this actor now.
    """
    method = getattr(obj, transition)
    label = transition.replace("_", " ")
    if not can_proceed(method):
        # The state field's name differs by model (a case's `status`, a refund's `state`).
        state_field = method._django_fsm.field
        field_name = getattr(state_field, "name", state_field)
        status = getattr(obj, f"get_{field_name}_display")()
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while %(object)s is %(status)s.")
            % {"step": label, "object": obj, "status": str(status).lower()}
        )
    if not has_transition_perm(method, actor):
        raise ActionNotPermitted(_("Your role does not allow “%(step)s”.") % {"step": label})
    method(**kwargs)
    # A protected state field refuses being set again, which full_clean would do.
    obj.full_clean(exclude=[f.name for f in obj._meta.fields if isinstance(f, FSMFieldMixin)])
    try:
        save_with_history(obj, actor=actor, reason=reason or label)
    except ConcurrentTransition:
        # Only when a caller did not hold the row lock: someone else moved the row first.
        raise TransitionNotAllowed(
            _("%(object)s was changed by someone else meanwhile: reload it and try again.")
            % {"object": obj}
        ) from None


def save_with_history(obj, *, actor, reason: str) -> None:
    """Save and record who did it and why, inside a request or not (commands, tasks)."""
    obj._change_reason = str(reason)
    obj._history_user = actor
    obj.save()
