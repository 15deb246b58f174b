"""The gettext catalogs: one per official EU language, complete, and in step with the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["config", "returns", "refunds", "fraud", "billing", "templates", "locale", "manage.py"]


def _catalog(language: str, root: Path = ROOT):
    with (root / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _entries(catalog) -> dict:
    return {(message.id, message.context): message for message in catalog if message.id}


def _untranslated_or_fuzzy(catalog) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    return problems


LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_complete_catalog(language):
    catalog = _catalog(language)
    assert len(_entries(catalog)) > 100
    assert _untranslated_or_fuzzy(catalog) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_check_is_clean(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_makemessages_finds_no_string_missing_from_the_catalogs(tmp_path):
    # In a copy of the sources, so the working tree is never touched.
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-a", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        before, after = _entries(_catalog(language)), _entries(_catalog(language, tmp_path))
        new = sorted(str(key[0]) for key in after.keys() - before.keys())
        gone = sorted(str(key[0]) for key in before.keys() - after.keys())
        assert (new, gone) == ([], []), f"{language}: not in the catalog {new}, obsolete {gone}"
        assert _untranslated_or_fuzzy(_catalog(language, tmp_path)) == [], language
