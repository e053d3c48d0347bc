"""Hostile addresses and query strings on every URL pattern of the site: never a 5xx.

Hypothesis builds paths (each converter's place filled with odd Unicode, huge and negative
numbers, impossible dates, NUL and other controls, broken percent-encoding, SQL and HTML
payloads, long slugs, or a real record's address) and query strings (every parameter the
views read, repeated, with the same kinds of values), on whichever engine DATABASE_URL names.
"""

import re
from collections import defaultdict
from urllib.parse import quote, unquote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.models import Announcement, Meeting, Ministry, Person
from programs.models import Center, Program, Strategy

# The parameters any view reads (page numbers of each list, the search form's fields, the
# language switch's page to return to).
PARAMETERS = [
    "page", "meetings", "statements", "agenda", "q", "ministry", "year", "year_from",
    "year_to", "type", "sort", "next", "format", "page_size",
]  # fmt: skip
HOSTILE = [
    "", "0", "-1", "-99999999999999999999", "99999999999999999999", "1e309", "NaN", "1.5",
    "2024-02-30", "2024-13-01", "0000-00-00", "9999-99-99", "2-1", "99999999999-1",
    "\x00", "a\x00b", "\x07\x0b\x0c", "\x7f", "\ud7ff", "\ufeff", "\u202e", "𝕏", "👍🏽",
    "' OR 1=1 --", "'; DROP TABLE documents_announcement; --", '"><script>alert(1)</script>',
    "<svg onload=alert(1)>", "../../etc/passwd", "%", "%%", "%zz", "%ff%fe", "%c0%af",
    "%00", "%E0%A4", "a" * 5000, "가" * 400, "과기정통부", "msit", "relevance", "oldest",
]  # fmt: skip
# Raw pieces put into the URL as they are (not percent-encoded again).
RAW = ["%00", "%", "%zz", "%ff", "%c3%28", "%e2%82", "%0a", "%20", "+", "&&", "==", ";"]

hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
raw_piece = st.sampled_from(RAW)


def encoded(text):
    return quote(text, safe="")


date_like = st.builds(
    "{:04d}-{:02d}-{:02d}".format,
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
)
segment = st.one_of(hostile_text.map(encoded), raw_piece, st.integers().map(str))


def url_patterns(resolver=None, prefix=""):
    """The route of every pattern of the site but the admin's."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                yield from url_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


PATTERNS = sorted(url_patterns())
SLOT = re.compile(r"<(?:\w+:)?(\w+)>")


@pytest.fixture
def real(site):
    """{route: the arguments of real records' addresses}, so the views behind run too."""
    meeting = Meeting.objects.exclude(number=None).select_related("committee").first()
    records = [meeting, meeting.committee, Announcement.objects.first(), Ministry.objects.first()]
    records += [model.objects.first() for model in (Person, Strategy, Program, Center)]
    found = defaultdict(list)
    for url in [record.get_absolute_url() for record in records] + ["/years/2024/"]:
        match = resolve(unquote(url))
        found[match.route].append({name: str(value) for name, value in match.kwargs.items()})
    return found


@st.composite
def hostile_requests(draw, route, real):
    arguments = draw(st.sampled_from(real[route])) if real[route] else {}
    # A real address with one part made hostile reaches furthest into a view; the others
    # with every part hostile, or none (then only the query string is).
    spoilt = draw(st.sampled_from([*arguments, "every", "none"]))

    def fill(match):
        name = match.group(1)
        if name in arguments and spoilt not in (name, "every"):
            return encoded(arguments[name])
        options = [segment, date_like]
        if name in arguments:
            options.append(st.tuples(st.just(encoded(arguments[name])), segment).map("".join))
        return draw(st.one_of(options)) or "x"

    path = "/" + SLOT.sub(fill, route)
    pairs = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(PARAMETERS), hostile_text.map(encoded)),
                st.one_of(hostile_text.map(encoded), raw_piece),
            ),
            max_size=6,
        )
    )
    query = "&".join(f"{name}={value}" for name, value in pairs)
    if draw(st.booleans()):
        query += draw(raw_piece)
    return f"{path}?{query}" if query else path


DATA_TYPES = {
    "application/json",
    "text/csv",
    "application/atom+xml",
    "application/xml",
    "text/plain",
    "application/vnd.oai.openapi",
    "application/gzip",
}


def check_answer(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    if response.status_code in (301, 302):
        assert response["Location"], url
    elif response["Content-Type"].startswith("text/html"):
        assert "PolicyBase" in response.content.decode(), (url, response.status_code)
    else:  # data (JSON, CSV, a feed, the sitemap, robots.txt, a 400 naming a bad format)
        assert response["Content-Type"].split(";")[0] in DATA_TYPES, (url, response.status_code)
    return response


def test_hostile_urls_never_answer_a_server_error(real):
    # One site for every route (loading it takes longer than a route's examples), and
    # each route its own examples: drawn from all at once, some were hardly tried.
    client = Client(raise_request_exception=False)
    for route in PATTERNS:

        @settings(max_examples=40, deadline=None, database=None)
        @given(hostile_requests(route, real))
        def answer(url):
            check_answer(client, url)

        answer()


KNOWN_BAD = [
    ("/bodies/sci-tech-ministers/meetings/2024-02-30/", 404),
    ("/bodies/sci-tech-ministers/meetings/2024-13-01/", 404),
    ("/bodies/sci-tech-ministers/meetings/99999999999-1/", 404),
    ("/announcements/%00/", 404),
    ("/people/a%00b/", 404),
    ("/centers/%ff%fe/", 404),
    ("/strategies/" + "a" * 400 + "/", 404),
    ("/years/99999/", 404),
    ("/years/1800/", 404),
    ("/search/?q=%00", 400),
    ("/search/?ministry=%00&year=99999999999999999999", 400),
    ("/announcements/?page=-99999999999999999999", 200),
    ("/people/?page=%00&page=1e309", 200),
]


def test_known_bad_inputs_answer_a_page_not_an_error(site):
    client = Client(raise_request_exception=False)
    answers = [(url, check_answer(client, url)) for url, _ in KNOWN_BAD]
    assert [(url, r.status_code) for url, r in answers] == KNOWN_BAD
    for url, response in answers:
        if response.status_code == 404:
            assert "찾을 수 없는 페이지입니다" in response.content.decode(), url
