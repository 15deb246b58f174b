#!/usr/bin/env python
"""Translator's helper for the gettext catalogs in locale/, built on Babel's PO reader.

    python scripts/catalog.py status              untranslated and fuzzy entries per language
    python scripts/catalog.py todo LANG FILE      the entries LANG still needs, as JSON
    python scripts/catalog.py fill LANG FILE      apply translations from JSON (same shape)
    python scripts/catalog.py headers             set each catalog's language and plural forms
    python scripts/catalog.py copy-source en      the source language: msgstr = msgid

The JSON is a list of {"id": msgid, "plural": msgid_plural or null, "context": msgctxt or null,
"translation": msgstr, or a list of plural forms}. After filling, `python manage.py
makemessages -a` rewrites the files in gettext's own layout.
"""

import json
import re
import sys
from pathlib import Path

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
DJANGO_LOCALE = None  # resolved lazily: Django's own catalogs know each language's plural rule


def _catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def _read(language: str):
    with _catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def _write(language: str, catalog) -> None:
    with _catalog_path(language).open("wb") as handle:
        write_po(handle, catalog, width=79, include_previous=False)


def _needs_work(message) -> bool:
    if not message.id:
        return False
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return message.fuzzy or any(not text for text in strings)


def _plural_forms(language: str) -> str:
    import django

    django_po = (
        Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"
    )
    if django_po.exists():
        found = re.search(r'"Plural-Forms: ([^"\\]*)', django_po.read_text(encoding="utf-8"))
        if found:
            return found.group(1).strip()
    plural = get_plural(language)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def status() -> int:
    missing = 0
    for path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        language = path.parent.parent.name
        catalog = _read(language)
        todo = sum(1 for message in catalog if _needs_work(message))
        total = sum(1 for message in catalog if message.id)
        missing += todo
        print(f"{language}: {total - todo}/{total} translated")
    return 1 if missing else 0


def todo(language: str, out: str) -> int:
    catalog = _read(language)
    entries = []
    for message in catalog:
        if not _needs_work(message):
            continue
        plural = isinstance(message.id, (list, tuple))
        entries.append(
            {
                "id": message.id[0] if plural else message.id,
                "plural": message.id[1] if plural else None,
                "context": message.context,
                "translation": [""] * catalog.num_plurals if plural else "",
            }
        )
    Path(out).write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{language}: {len(entries)} entries to translate -> {out}")
    return 0


def fill(language: str, source: str) -> int:
    catalog = _read(language)
    entries = json.loads(Path(source).read_text(encoding="utf-8"))
    applied = 0
    for entry in entries:
        key = (entry["id"], entry["plural"]) if entry.get("plural") else entry["id"]
        message = catalog.get(key, context=entry.get("context"))
        translation = entry.get("translation")
        if message is None or not translation:
            continue
        if entry.get("plural"):
            forms = list(translation)
            if len(forms) != catalog.num_plurals or not all(forms):
                print(f"skipped (needs {catalog.num_plurals} plural forms): {entry['id']!r}")
                continue
            message.string = tuple(forms)
        else:
            message.string = translation
        message.flags.discard("fuzzy")
        applied += 1
    _write(language, catalog)
    headers(language)
    print(f"{language}: {applied} translations applied")
    return 0


def copy_source(language: str) -> int:
    """The source language's catalog: every translation is its own message."""
    catalog = _read(language)
    for message in catalog:
        if message.id:
            message.string = (
                message.id
                if isinstance(message.id, str)
                else tuple(message.id[min(index, 1)] for index in range(catalog.num_plurals))
            )
            message.flags.discard("fuzzy")
    _write(language, catalog)
    return 0


def headers(only: str | None = None) -> int:
    """Fill in the header fields makemessages (and Babel's writer) leave as placeholders."""
    for path in sorted(LOCALE.glob(f"{only or '*'}/LC_MESSAGES/django.po")):
        language = path.parent.parent.name
        fields = {
            "Project-Id-Version": "returns-desk",
            "PO-Revision-Date": "2026-11-23 00:00+0000",
            "Last-Translator": "Returns desk translators",
            "Language-Team": f"{language} <translators@returns-desk.example>",
            "Language": language,
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": _plural_forms(language),
        }
        text = path.read_text(encoding="utf-8")
        for name, value in fields.items():
            text = re.sub(
                rf'"{name}: [^"]*\\n"', lambda _m, n=name, v=value: f'"{n}: {v}\\n"', text, count=1
            )
        text = re.sub(r"\A(#.*\n)+", "# Returns desk: the product's own strings.\n", text)
        text = re.sub(r"^#, fuzzy\n(?=msgid \"\"\n)", "", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
    return 0


def main(argv: list[str]) -> int:
    command, *args = argv or ["status"]
    commands = {
        "status": status,
        "todo": todo,
        "fill": fill,
        "headers": headers,
        "copy-source": copy_source,
    }
    if command not in commands:
        print(__doc__)
        return 2
    return commands[command](*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
