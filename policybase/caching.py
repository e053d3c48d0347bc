"""Cached page data, invalidated whenever the data changes.

Every cached value's key carries a data version; any save or delete of a record of our
apps, and every import or bulk load (which send no signals), bumps the version, so no
cached value outlives the data it was computed from. The cache is shared (Redis, with
CACHE_URL) so several app servers agree.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

VERSION_KEY = "data-version"
OUR_APPS = {"documents", "programs"}


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def data_changed():
    """Call after writes that send no signals (bulk inserts, imports)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(name, compute, timeout=3600):
    """``compute()`` cached under ``name`` for the current data version."""
    return cache.get_or_set(f"{name}:v{data_version()}", compute, timeout)


@receiver([post_save, post_delete])
def _record_changed(sender, **kwargs):
    if sender._meta.app_label in OUR_APPS and sender.__name__ != "SearchEntry":
        data_changed()
