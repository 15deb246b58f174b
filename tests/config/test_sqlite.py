"""The embedded SQLite default holds a web process and a worker writing at the same time.

The failure it prevents: a request reads in a transaction (an export gathering its listing),
the worker commits a write meanwhile, and the request's own write then fails at once with
"database is locked", whatever the timeout. With the project's options the second transaction
waits for the first instead.
"""

import threading
import uuid

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

SETTLE = 3  # how long the first transaction gives the other one to get in its way


@pytest.fixture
def sqlite_aliases(tmp_path, django_db_blocker):
    """Two aliases, a web process's and a worker's, on one SQLite file with `options`."""
    added = []

    def make(options: dict) -> tuple[str, str]:
        names = []
        for role in ("web", "worker"):
            alias = f"sqlite_{role}_{uuid.uuid4().hex[:8]}"
            configured = connections.configure_settings(
                {
                    "default": settings.DATABASES["default"],
                    alias: {
                        "ENGINE": "django.db.backends.sqlite3",
                        "NAME": str(tmp_path / "shared.sqlite3"),
                        "OPTIONS": options,
                    },
                }
            )
            connections.settings[alias] = configured[alias]
            added.append(alias)
            names.append(alias)
        with django_db_blocker.unblock(), connections[names[0]].cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, note TEXT)")
        connections[names[0]].close()
        return names[0], names[1]

    with django_db_blocker.unblock():
        yield make
        for alias in added:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def _read_then_write_beside_a_writer(web: str, worker: str) -> list[Exception]:
    """The web transaction reads, the worker writes and commits, then the web one writes."""
    errors: list[Exception] = []
    web_has_read = threading.Event()
    worker_committed = threading.Event()

    def web_request():
        try:
            with transaction.atomic(using=web), connections[web].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM item")
                web_has_read.set()
                worker_committed.wait(SETTLE)
                cursor.execute("INSERT INTO item (note) VALUES ('export recorded')")
        except OperationalError as error:
            errors.append(error)
        finally:
            web_has_read.set()
            connections[web].close()

    def worker_task():
        try:
            web_has_read.wait(5)
            with transaction.atomic(using=worker), connections[worker].cursor() as cursor:
                cursor.execute("INSERT INTO item (note) VALUES ('e-mail sent')")
            worker_committed.set()
        except OperationalError as error:
            errors.append(error)
        finally:
            connections[worker].close()

    threads = [threading.Thread(target=web_request), threading.Thread(target=worker_task)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


def test_the_projects_sqlite_options_let_a_request_and_the_worker_both_write(sqlite_aliases):
    web, worker = sqlite_aliases(settings.SQLITE_OPTIONS)

    assert _read_then_write_beside_a_writer(web, worker) == []
    with connections[web].cursor() as cursor:
        cursor.execute("SELECT note FROM item ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == ["export recorded", "e-mail sent"]
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_without_them_the_same_two_transactions_fail_with_database_is_locked(sqlite_aliases):
    web, worker = sqlite_aliases({"init_command": "PRAGMA journal_mode=WAL;"})

    errors = _read_then_write_beside_a_writer(web, worker)

    assert [str(error) for error in errors] == ["database is locked"]


def test_the_embedded_default_uses_those_options():
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    else:
        assert "transaction_mode" not in database.get("OPTIONS", {})
