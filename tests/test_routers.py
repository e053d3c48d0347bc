"""Reads to replicas, writes to the primary; settings from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from documents.models import Announcement
from policybase.routers import PrimaryReplicaRouter, replica_aliases


def test_without_replicas_everything_goes_to_the_primary():
    router = PrimaryReplicaRouter(replicas=[])
    assert router.db_for_read(Announcement) == "default"
    assert router.db_for_write(Announcement) == "default"


def test_reads_spread_over_replicas_and_writes_stay_on_the_primary():
    router = PrimaryReplicaRouter(replicas=["replica_0", "replica_1"])
    assert {router.db_for_read(Announcement) for _ in range(200)} == {"replica_0", "replica_1"}
    assert router.db_for_write(Announcement) == "default"
    assert router.allow_migrate("default", "documents") is True
    assert router.allow_migrate("replica_0", "documents") is False


def test_a_read_through_an_object_follows_the_database_it_came_from():
    router = PrimaryReplicaRouter(replicas=["replica_0"])
    instance = Announcement(key="x")
    instance._state.db = "default"
    assert router.db_for_read(Announcement, instance=instance) == "default"


def test_replica_aliases_are_the_replica_entries():
    assert replica_aliases({"default": {}, "replica_1": {}, "replica_0": {}}) == [
        "replica_0",
        "replica_1",
    ]


def settings_under(environment):
    """DATABASES (names and options) and CACHES as settings.py reads them from
    ``environment``."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'databases': {a: d['NAME'] for a, d in settings.DATABASES.items()}, "
        "'options': {a: d.get('OPTIONS', {}) for a, d in settings.DATABASES.items()}, "
        "'cache': settings.CACHES['default']['BACKEND']}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "policybase.settings", **environment}
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout)


def test_settings_read_replicas_and_a_redis_cache_from_the_environment():
    read = settings_under(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/primary",
            "DATABASE_REPLICA_URLS": "postgres://postgres@10.0.0.2:5432/primary,postgres://postgres@10.0.0.3/primary",
            "CACHE_URL": "redis://127.0.0.1:6379/1",
        }
    )
    assert read["databases"] == {
        "default": "primary",
        "replica_0": "primary",
        "replica_1": "primary",
    }
    assert read["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert (
        settings_under({"CACHE_URL": ""})["cache"]
        == "django.core.cache.backends.locmem.LocMemCache"
    )


def test_postgresql_connections_prepare_repeated_queries_unless_told_not_to():
    primary = "postgres://postgres@127.0.0.1:5432/primary"
    read = settings_under(
        {"DATABASE_URL": primary, "DATABASE_REPLICA_URLS": "postgres://10.0.0.2/primary"}
    )
    assert set(read["options"]) == {"default", "replica_0"}
    for options in read["options"].values():
        assert options == {
            "options": "-c work_mem=64MB -c effective_io_concurrency=64",
            "server_side_binding": True,
            "prepare_threshold": 5,
        }
    # For a connection pooler that cannot keep prepared statements per client.
    off = settings_under({"DATABASE_URL": primary, "DATABASE_PREPARED_STATEMENTS": "0"})
    assert off["options"]["default"] == {
        "options": "-c work_mem=64MB -c effective_io_concurrency=64"
    }
    # SQLite: a writer takes the lock as its transaction begins, and waits its turn.
    assert settings_under({"DATABASE_URL": "sqlite:///:memory:"})["options"]["default"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }


def test_shared_redis_cache_is_seen_by_two_app_servers():
    """Two processes with the same CACHE_URL share entries (what keeps app servers consistent)."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "policybase.settings",
        "CACHE_URL": "redis://127.0.0.1:6379/15",
    }
    setup = "import django; django.setup(); from django.core.cache import cache; "
    write = setup + "cache.set('pb-test', '공유', 30)"
    read = setup + "print(cache.get('pb-test'))"
    subprocess.run([sys.executable, "-c", write], env=env, check=True)
    shown = subprocess.run(
        [sys.executable, "-c", read], env=env, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "공유"


@pytest.mark.django_db
def test_the_configured_router_is_in_use():
    assert settings.DATABASE_ROUTERS == ["policybase.routers.PrimaryReplicaRouter"]
    assert Announcement.objects.all().db == "default"  # no replicas configured in tests
