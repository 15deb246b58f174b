"""What happens when a case is resolved, by resolution.

The returns desk carries out a replacement itself; the refunds app registers how a refund,
store credit and exchange are carried out (in its AppConfig.ready), so this app never
imports the apps downstream of it.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from returns.choices import Resolution

Handler = Callable[..., None]
_handlers: dict[str, Handler] = {}


def register(resolution: str) -> Callable[[Handler], Handler]:
    def decorator(handler: Handler) -> Handler:
        _handlers[resolution] = handler
        return handler

    return decorator


def carry_out(case, *, actor, suggestion, **options) -> None:
    handler = _handlers.get(case.resolution)
    if handler is not None:
        handler(case, actor=actor, suggestion=suggestion, **options)


@register(Resolution.REPLACEMENT)
def _replacement(case, *, actor, suggestion, **options) -> None:
    from returns.services import shipment_create_for_case

    shipment_create_for_case(case=case, actor=actor, reason=_("replacement to ship"))
