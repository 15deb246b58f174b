import pytest
from django.db import connection


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.fail("The benchmarks measure PostgreSQL: run them with `make bench`.")
    return connection


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
