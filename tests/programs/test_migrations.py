"""Migrations that rewrite data: run backwards and forwards on a table with rows."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from programs.search import GIN_INDEX, of_period, token_text


def stored_tokens(entry):
    """An entry's tokens as a set, whichever way the engine stores them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tsvector_to_array(tokens) FROM programs_searchentry WHERE id = %s",
                [entry.pk],
            )
            return set(cursor.fetchone()[0])
        cursor.execute("SELECT tokens FROM programs_searchentry WHERE id = %s", [entry.pk])
        return set(cursor.fetchone()[0].split())


def entries_at(migration):
    """SearchEntry as it stood after ``migration`` (later migrations add columns)."""
    loader = MigrationExecutor(connection).loader
    [name] = [n for app, n in loader.graph.nodes if app == "programs" and n.startswith(migration)]
    state = loader.project_state(("programs", name))
    return state.apps.get_model("programs", "SearchEntry")


@pytest.mark.django_db(transaction=True)
def test_0010_adds_date_marks_to_dated_entries_and_takes_them_away_again():
    call_command("migrate", "programs", "0009", verbosity=0)
    SearchEntry = entries_at("0010")
    dated = SearchEntry.objects.create(
        kind="announcement", key="a", url="/a/", title="양자 전략", date=datetime.date(2021, 3, 9),
        tokens=token_text(["양자", "전략"]), title_tokens=token_text(["양자", "전략"]),
    )  # fmt: skip
    undated = SearchEntry.objects.create(
        kind="program", key="b", url="/b/", title="양자 사업",
        tokens=token_text(["사업", "양자"]), title_tokens=token_text(["사업", "양자"]),
    )  # fmt: skip
    try:
        call_command("migrate", "programs", "0010", verbosity=0)
        assert stored_tokens(dated) == {"양자", "전략", "@2021", "@2021-03"}
        assert stored_tokens(undated) == {"양자", "사업"}
        everything = SearchEntry.objects.all()
        found = of_period(everything, datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
        assert list(found) == [dated]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                indexes = connection.introspection.get_constraints(cursor, "programs_searchentry")
            assert indexes[GIN_INDEX]["columns"] == ["tokens"]
        call_command("migrate", "programs", "0009", verbosity=0)
        assert stored_tokens(dated) == {"양자", "전략"}
        assert stored_tokens(undated) == {"양자", "사업"}
    finally:
        call_command("migrate", verbosity=0)
