"""Phone numbers in one spelling, E.164 (+48226323698), so a number matches however it was typed."""

from collections.abc import Iterable

import phonenumbers


def _parse(value: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def phone_candidates(value: str, *, regions: Iterable[str] = ()) -> list[str]:
    """Every E.164 spelling `value` can have: one for a number with its country code
    (+48 or 0048), else one per region of `regions` it is a valid national number in."""
    value = (value or "").strip()
    if not value:
        return []
    compact = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if compact.startswith("00"):
        value = "+" + compact[2:]
    if value.startswith("+"):
        number = _parse(value, None)
        found = [number] if number else []
    else:
        found = [_parse(value, region.upper()) for region in dict.fromkeys(regions) if region]
    spellings = (
        phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) for n in found if n
    )
    return list(dict.fromkeys(spellings))


def phone_normalize(value: str, *, region: str = "") -> str | None:
    """`value` in E.164, a national number read as one of `region` (a country code);
    None when it is no valid phone number."""
    candidates = phone_candidates(value, regions=[region])
    return candidates[0] if candidates else None
