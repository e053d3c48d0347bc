"""Korean and English pages: each language's page has its own address (Korean without a
prefix, English under /en/), so a page cache, a search engine and a shared link all see one
language per address. A reader reaches the English pages by the switch in every page's
header, or by a browser that prefers English (Accept-Language); the switch's choice is kept
in a cookie and wins over the browser's next time."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

ENGLISH_PREFIX = "/en/"
# Addresses outside the translated pages: the admin, the switch itself, static files.
UNTRANSLATED = ("/admin/", "/language/", "/static/")


def language_of_path(path):
    """The language of the page at ``path``: "en" under /en/, else Korean."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def translated(url, code):
    """``url`` (a path of this site, with its query) in the language ``code``, or None
    for a path that is no page. Only the path is read (in its own language, whatever
    language is active) and rebuilt from the URL patterns: nothing of what a client sent
    but the query string reaches the address (no "//other.site/...")."""
    path, mark, query = url.partition("?")
    try:
        with translation.override(language_of_path(path)):
            match = resolve(unquote(path))
        if match.url_name is None:
            return None
        with translation.override(code):
            name = ":".join([*match.namespaces, match.url_name])
            return reverse(name, args=match.args, kwargs=match.kwargs) + mark + query
    except (Resolver404, NoReverseMatch, ValueError):
        return None


class PreferredLanguageMiddleware:
    """A Korean address asked for by a reader who prefers English (by the switch's cookie,
    or else by Accept-Language) is redirected to its English address. Korean pages say
    that they vary by those two headers, so shared caches keep them apart."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        korean_page = translation.get_language_from_path(path) is None and not path.startswith(
            UNTRANSLATED
        )
        english = None
        if korean_page and request.method in ("GET", "HEAD") and self._prefers_english(request):
            english = translated(request.get_full_path(), "en")
        response = HttpResponseRedirect(english) if english else self.get_response(request)
        if korean_page:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def _prefers_english(request):
        return translation.get_language_from_request(request, check_path=False) == "en"


def switch_language(request, code):
    """Remember ``code`` as the reader's language and go to the ``next`` page in it."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("지원하지 않는 언어입니다.")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    parts = urlsplit(target)  # this site's page: its path and query only
    target = parts.path + ("?" + parts.query if parts.query else "")
    with translation.override(code):
        home = reverse("home")
    response = HttpResponseRedirect(translated(target, code) or home)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
