"""Cached page data, invalidated whenever the data changes.

Every cached value is stored with the data version it was computed for; any save or
delete of a record of our apps or of a link between two, and every import or bulk load
(which send no signals), bumps the version, so no cached value outlives the data it was
computed from. One round trip reads the version and the value together (read_current).
The cache is shared (Redis, with CACHE_URL) so several app servers agree.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse

from policybase.language import language_of_path

VERSION_KEY = "data-version"
OUR_APPS = {"documents", "programs"}
ADMIN_PREFIX = "/admin/"
# The API counts each anonymous request against its rate limit (policybase.throttling),
# which a page served from the cache would skip.
API_PREFIX = "/api/"


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


def read_current(key):
    """(the data version, the value stored under ``key`` if it was stored for that version,
    else None), in one round trip to the cache."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or data_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return version, stored[1]
    return version, None


def cached(name, compute, timeout=3600):
    """``compute()`` cached under ``name`` for the current data version."""
    version, value = read_current(name)
    if value is None:
        value = compute()
        cache.set(name, (version, value), timeout)
    return value


@receiver([post_save, post_delete])
def _record_changed(sender, **kwargs):
    if sender._meta.app_label in OUR_APPS and sender.__name__ != "SearchEntry":
        data_changed()


@receiver(m2m_changed)
def _links_changed(sender, action, **kwargs):
    # A many-to-many link (an announcement's ministries, say) saves no record of its own;
    # the admin sets them after saving the record, so that save's bump came too early.
    if sender._meta.app_label in OUR_APPS and action.startswith("post_"):
        data_changed()


class PageCacheMiddleware:
    """Whole pages for visitors from the shared cache, for the current data version.

    Only anonymous GET and HEAD requests outside the admin and the API are served from it, and only
    complete 200 responses that set no cookie are kept. Each is stored with the data
    version (see above), so an edit or an import makes every cached page stale at once; the
    timeout (PAGE_CACHE_SECONDS, 0 turns the cache off) only bounds memory.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        key = self._key(request)
        version, stored = read_current(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            page = (response.content, dict(response.items()))
            cache.set(key, (version, page), self.seconds)
        response["X-Page-Cache"] = "miss"
        return response

    def _cacheable(self, request):
        return (
            self.seconds > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith((ADMIN_PREFIX, API_PREFIX))
        )

    @staticmethod
    def _key(request):
        # Each language's page has its own address; the language in the key keeps them
        # apart even where an address would not (policybase/language.py).
        language = language_of_path(request.path_info)
        return f"page:{language}:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
