"""What each kind of rule takes as parameters, and their validation."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fraud.choices import BlocklistKind, DisputeScope, FlagLevel, RuleKind, VelocityKey


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    type: str  # "amount", "int", "percent", "choice", "choices"
    required: bool = True
    minimum: int | Decimal = 0
    choices: tuple[tuple[str, str], ...] = ()
    default: object = None


PARAMS: dict[str, tuple[Param, ...]] = {
    RuleKind.AMOUNT_OVER: (Param("amount", gettext_lazy("amount"), "amount", minimum=Decimal(0)),),
    RuleKind.VELOCITY: (
        Param("count", gettext_lazy("at most this many refunds"), "int", minimum=1),
        Param("days", gettext_lazy("days"), "int", minimum=1),
        Param(
            "by",
            gettext_lazy("counted for"),
            "choice",
            choices=tuple(VelocityKey.choices),
            required=False,
            default=VelocityKey.CUSTOMER,
        ),
    ),
    RuleKind.RETURN_RATE: (
        Param("percent", gettext_lazy("percent"), "percent", minimum=Decimal(0)),
        Param(
            "min_orders",
            gettext_lazy("only from this many orders"),
            "int",
            minimum=1,
            required=False,
            default=1,
        ),
    ),
    RuleKind.BLOCKLISTED: (
        Param(
            "lists",
            gettext_lazy("blocklists"),
            "choices",
            choices=tuple(BlocklistKind.choices),
            required=False,
            default=list(BlocklistKind.values),
        ),
    ),
    RuleKind.CUSTOMER_FLAGGED: (
        Param(
            "level",
            gettext_lazy("from flag level"),
            "choice",
            choices=tuple(FlagLevel.choices),
            required=False,
            default=FlagLevel.WATCH,
        ),
    ),
    RuleKind.COUNTRY_MISMATCH: (),
    RuleKind.NEW_ACCOUNT: (
        Param("days", gettext_lazy("days"), "int", minimum=1),
        Param("amount", gettext_lazy("amount"), "amount", minimum=Decimal(0)),
    ),
    RuleKind.DISPUTE: (
        Param(
            "on",
            gettext_lazy("a dispute on"),
            "choice",
            choices=tuple(DisputeScope.choices),
            required=False,
            default=DisputeScope.ORDER,
        ),
    ),
    RuleKind.SHARED_IBAN: (
        Param("customers", gettext_lazy("at most this many customers"), "int", minimum=1),
    ),
}
PARAM_NAMES = sorted({param.name for params in PARAMS.values() for param in params})


def _convert(param: Param, raw):
    if param.type in ("amount", "percent"):
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise ValidationError(_("Enter a number.")) from None
        if not value.is_finite():
            raise ValidationError(_("Enter a number."))
        if param.type == "percent" and value > 100:
            raise ValidationError(_("A percentage is at most 100."))
        if value < param.minimum:
            raise ValidationError(_("Enter at least %(minimum)s.") % {"minimum": param.minimum})
        return str(value.quantize(Decimal("0.01")))
    if param.type == "int":
        if isinstance(raw, bool):
            raise ValidationError(_("Enter a whole number."))
        try:
            value = int(str(raw))
        except ValueError:
            raise ValidationError(_("Enter a whole number.")) from None
        if value < param.minimum:
            raise ValidationError(_("Enter at least %(minimum)s.") % {"minimum": param.minimum})
        return value
    allowed = {value for value, _label in param.choices}
    if param.type == "choice":
        if raw not in allowed:
            raise ValidationError(_("Choose one of the offered values."))
        return raw
    values = [raw] if isinstance(raw, str) else list(raw or [])
    if not values or set(values) - allowed:
        raise ValidationError(_("Choose at least one of the offered values."))
    return sorted(set(values))


def validate_parameters(kind: str, raw: dict) -> dict:
    """The kind's parameters, converted; ValidationError keyed by parameter name otherwise.

    Those names are also the fields of the admin form, so each error shows on its field.
    """
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for param in PARAMS[kind]:
        value = raw.get(param.name)
        if value in (None, "", []):
            if param.required:
                errors[param.name] = [
                    _("A rule of the kind “%(kind)s” needs this.") % {"kind": RuleKind(kind).label}
                ]
                continue
            value = param.default
        try:
            cleaned[param.name] = _convert(param, value)
        except ValidationError as error:
            errors[param.name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned
