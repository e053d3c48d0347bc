"""The committed fixtures: they load into an empty database of either engine and give back
exactly the records they describe, keyed by natural keys rather than database ids."""

import json
from collections import Counter

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from documents.models import Ministry

from .conftest import FIXTURES_DIR


def fixture_files():
    return sorted(FIXTURES_DIR.glob("*.json")) + sorted(FIXTURES_DIR.glob("policy/*.json"))


def fixture_objects():
    return [obj for path in fixture_files() for obj in json.loads(path.read_text(encoding="utf-8"))]


def as_fixture(instance):
    """``instance`` serialised the way the fixtures are written."""
    text = serializers.serialize(
        "json", [instance], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    return json.loads(text)[0]


def test_fixture_files_hold_no_database_ids():
    for obj in fixture_objects():
        assert "pk" not in obj, obj


@pytest.mark.django_db
def test_loaddata_gives_back_every_fixture_record_exactly():
    call_command("loaddata", *fixture_files(), verbosity=0)
    expected = fixture_objects()
    for obj in expected:
        model = apps.get_model(obj["model"])
        key = as_natural_key(model, obj)
        loaded = as_fixture(model.objects.get_by_natural_key(*key))
        assert {name: loaded["fields"][name] for name in obj["fields"]} == obj["fields"]
    loaded_counts = {
        label: apps.get_model(label).objects.count()
        for label in Counter(o["model"] for o in expected)
    }
    assert loaded_counts == dict(Counter(obj["model"] for obj in expected))


def as_natural_key(model, obj):
    """The natural key of a fixture object, built from its fields the way the model does."""
    instance = next(
        serializers.deserialize("json", json.dumps([obj]), ignorenonexistent=True)
    ).object
    return instance.natural_key()


@pytest.mark.django_db
def test_loaddata_twice_changes_nothing():
    call_command("loaddata", *fixture_files(), verbosity=0)
    before = Ministry.objects.count(), sorted(Ministry.objects.values_list("pk", "slug"))
    call_command("loaddata", *fixture_files(), verbosity=0)
    assert (Ministry.objects.count(), sorted(Ministry.objects.values_list("pk", "slug"))) == before


def test_fixtures_keep_the_source_press_releases():
    sources = sorted(path.name for path in (FIXTURES_DIR / "sources").iterdir())
    assert len(sources) >= 5
    for name in sources:
        text = (FIXTURES_DIR / "sources" / name).read_text(encoding="utf-8")
        assert "과학기술" in text or "과기" in text, name
