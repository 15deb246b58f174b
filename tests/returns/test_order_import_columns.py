"""The one column list drives the import's required columns, the export and the README table."""

from pathlib import Path

import pytest
from django.core.management import call_command

from returns.exports.columns import COLUMN_NAMES, COLUMNS, REQUIRED_COLUMNS, columns_markdown
from returns.exports.orders import OrderFileResource
from returns.models import Order
from tests.returns.order_files import csv_text, dataset_of, import_file

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_shows_the_column_list():
    assert columns_markdown() in README.read_text()


def test_the_table_names_every_column_once_and_whether_it_is_required():
    table = columns_markdown().splitlines()[2:]
    assert [row.split("|")[1].strip(" `") for row in table] == list(COLUMN_NAMES)
    assert [row.split("|")[2].strip() == "yes" for row in table] == [c.required for c in COLUMNS]


def test_the_command_prints_the_table_and_writes_it_between_the_markers(tmp_path, settings):
    call_command("order_columns_table")  # prints; writes nothing
    readme = tmp_path / "README.md"
    readme.write_text(
        "before\n<!-- order-columns:start (generated) -->\nold\n<!-- order-columns:end -->\nafter\n"
    )
    settings.BASE_DIR = tmp_path

    call_command("order_columns_table", "--write")

    assert readme.read_text() == (
        "before\n<!-- order-columns:start (generated) -->\n"
        + columns_markdown()
        + "\n<!-- order-columns:end -->\nafter\n"
    )


def test_the_export_writes_the_lists_columns_in_its_order():
    assert OrderFileResource().get_export_headers() == list(COLUMN_NAMES)


@pytest.mark.django_db
def test_a_file_of_only_the_required_columns_imports(merchant, supervisor):
    dataset = dataset_of(csv_text())
    for column in set(dataset.headers) - set(REQUIRED_COLUMNS):
        del dataset[column]

    result = OrderFileResource(merchant=merchant).import_data(dataset, user=supervisor)

    assert not result.has_errors() and not result.has_validation_errors()
    assert Order.objects.filter(merchant=merchant).count() == 2


@pytest.mark.django_db
def test_each_required_column_left_out_is_named(merchant, supervisor):
    for column in REQUIRED_COLUMNS:
        dataset = dataset_of(csv_text())
        del dataset[column]

        result = OrderFileResource(merchant=merchant).import_data(dataset, user=supervisor)

        assert [str(error.error) for error in result.base_errors] == [
            f"The file lacks the columns: {column}."
        ]
    assert not import_file(merchant, csv_text(), user=supervisor, dry_run=True).has_errors()
