"""Case references a customer can read out on the phone and nobody can guess in sequence."""

import secrets

# No 0/O, 1/I/L: nothing a caller or an agent could confuse when spelling it out.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS = 2
GROUP_LENGTH = 4


def new_reference(prefix: str = "R") -> str:
    """A random reference like R-7KQ4-M2XD (31^8, about 8.5e11 possibilities)."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join([prefix, *groups])


def normalize_reference(text: str) -> str:
    """What a customer typed or said, as stored: upper case, dashes where they belong."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(compact) != 1 + GROUPS * GROUP_LENGTH:
        return text.strip().upper()
    body = compact[1:]
    groups = [body[i : i + GROUP_LENGTH] for i in range(0, len(body), GROUP_LENGTH)]
    return "-".join([compact[0], *groups])
