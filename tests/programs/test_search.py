"""Search: Korean queries as Korean readers type them, filters, facets, bad input."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from documents.models import Announcement, Ministry
from programs import indexing, search
from programs.filters import SearchFilter
from programs.models import SearchEntry, Strategy


def results(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200, response.content[:500]
    return response, [hit[0] for hit in response.context["hits"]]


def titles(entries):
    return [entry.title for entry in entries]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("인공 지능", {"인공", "공지", "지능"}),
        ("인공지능", {"인공", "공지", "지능"}),
        ("R&D 5G 전략", {"r&d", "5g", "전략"}),
    ],
)
def test_tokens_ignore_spacing_and_keep_latin_runs_whole(text, expected):
    assert search.tokens_of(text) == expected


def test_query_words_drop_particles():
    assert search.query_words("전략을 국제협력의 양자") == ["전략", "국제협력", "양자"]


def test_two_words_find_a_compound_name(client, site):
    _, found = results(client, q="양자 국제협력")
    assert "양자과학기술 국제협력 전략" in titles(found)


def test_spacing_does_not_hide_a_match(client, site):
    _, joined = results(client, q="인공지능 민생")
    _, spaced = results(client, q="인공 지능 민생")
    assert titles(joined) == titles(spaced)
    assert "인공 지능 민생 10대 프로젝트 추진 방안" in titles(joined)


def test_a_particle_does_not_hide_a_match(client, site):
    _, plain = results(client, q="국방 전략")
    _, with_particle = results(client, q="국방 전략을")
    assert titles(plain) == titles(with_particle)
    assert "국방 인공 지능 전환(AX) 전략" in titles(plain)


def test_a_ministry_short_name_finds_its_records(client, site):
    _, found = results(client, q="과기정통부", type="announcement")
    # 002 names only 과학기술정보통신부 in full in its body; the short name still finds it.
    assert "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표" in titles(found)


def test_ministry_filter_matches_its_former_names(client, site):
    msip = Ministry.objects.get(slug="msip")
    old = Announcement.objects.create(
        key="msip-2015", title="미래창조과학부 업무보고", date=datetime.date(2015, 1, 20),
        original_text="미래창조과학부", text="미래창조과학부",
    )  # fmt: skip
    old.issuing_ministries.add(msip)
    indexing.rebuild()
    _, found = results(client, ministry="msit", year=2015)
    assert titles(found) == ["미래창조과학부 업무보고"]
    _, by_alias = results(client, ministry="과기정통부", year=2015)
    assert titles(by_alias) == ["미래창조과학부 업무보고"]


def test_a_record_of_two_ministries_in_one_lineage_is_found_once(client, site):
    joint = Announcement.objects.create(
        key="msip-mest-2013", title="미래창조과학부·교육과학기술부 공동 발표",
        date=datetime.date(2013, 3, 1), original_text="공동 발표", text="공동 발표",
    )  # fmt: skip
    joint.issuing_ministries.add(*Ministry.objects.filter(slug__in=["msip", "mest"]))
    indexing.rebuild()
    response, found = results(client, ministry="msit", year=2013)
    assert titles(found) == ["미래창조과학부·교육과학기술부 공동 발표"]
    assert response.context["page"].paginator.count == 1


def test_the_ministry_filter_finds_exactly_the_entries_linked_to_the_ministry(site):
    """The filter reads the ministry tokens of an entry; they must agree with its links."""
    every = SearchEntry.objects.all()
    for ministry in Ministry.objects.filter(search_entries__isnull=False).distinct():
        linked = set(ministry.search_entries.values_list("pk", flat=True))
        found = search.of_ministries(every, [ministry.slug]).values_list("pk", flat=True)
        assert set(found) == linked, ministry.slug


def test_no_query_word_matches_a_ministry_token(client, site):
    assert not any(token.startswith("#") for token in search.tokens_of("#msit # #과기정통부"))
    msit = set(Ministry.objects.get(slug="msit").search_entries.values_list("title", flat=True))
    _, typed = results(client, q="#msit")
    assert msit and len(msit - set(titles(typed))) > 0
    _, plain = results(client, q="msit")
    assert titles(typed) == titles(plain)


def test_year_and_range_and_type_filters(client, site):
    _, in_2020 = results(client, year=2020)
    assert in_2020 and all(entry.year == 2020 for entry in in_2020)
    response, _ = results(client, year_from=2020, year_to=2024)
    in_range = SearchEntry.objects.filter(year__gte=2020, year__lte=2024)
    assert response.context["page"].paginator.count == in_range.count() > 0
    _, ranged = results(client, year_from=2024, year_to=2025, type="strategy")
    assert ranged and all(e.kind == "strategy" and 2024 <= e.year <= 2025 for e in ranged)


def test_facets_count_the_current_results(client, site):
    response, _ = results(client, q="전략")
    facets = response.context["facets"]
    assert sum(total for _, _, total in facets["type"]) == response.context["page"].paginator.count
    matching = search.matching(SearchEntry.objects.all(), "전략")
    by_type = {kind: total for kind, _, total in facets["type"]}
    assert by_type["strategy"] == matching.filter(kind="strategy").count() > 0
    assert any(slug == "msit" for slug, _, _ in facets["ministry"])


def test_sort_by_relevance_puts_title_matches_first_and_by_date_newest_first(client, site):
    _, relevant = results(client, q="국제협력 전략", sort="relevance")
    assert "국제협력" in relevant[0].title.replace(" ", "")
    _, newest = results(client, q="전략", sort="date")
    dates = [entry.date for entry in newest if entry.date]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("query", ["전략", "국제협력 전략", "양자", "과기정통부 센터", ""])
def test_facets_are_the_counts_over_the_results(client, site, monkeypatch, query):
    monkeypatch.setattr(search, "RANKED_MATCHES", 12)
    response, _ = results(client, q=query)
    ordered = search.matching(SearchEntry.objects.all(), query).order_by(*search.NEWEST_FIRST)
    shown = SearchEntry.objects.filter(pk__in=list(ordered.values_list("pk", flat=True)[:12]))
    by_kind = shown.values_list("kind").annotate(total=Count("pk")).order_by("-total", "kind")
    by_year = shown.exclude(year=None).values_list("year").annotate(total=Count("pk"))
    by_ministry = shown.values_list("ministries__slug", "ministries__name").annotate(
        total=Count("pk")
    )
    facets = response.context["facets"]
    assert [(kind, total) for kind, _, total in facets["type"]] == list(by_kind)
    assert facets["year"] == sorted(by_year, reverse=True)
    assert facets["ministry"] == sorted(
        (row for row in by_ministry if row[0]), key=lambda row: (-row[2], row[1])
    )


def test_by_relevance_title_matches_come_first_each_part_newest_first(client, site):
    _, hits = results(client, q="국제협력 전략", sort="relevance")

    def in_title(entry):
        return "국제협력" in entry.title.replace(" ", "") and "전략" in entry.title

    def newest_first(entry):
        return (entry.date is None, -entry.date.toordinal() if entry.date else 0, entry.title)

    title_matches = [entry for entry in hits if in_title(entry)]
    others = [entry for entry in hits if not in_title(entry)]
    assert title_matches and others
    assert hits == sorted(title_matches, key=newest_first) + sorted(others, key=newest_first)


def test_matched_words_are_highlighted_and_the_state_is_in_the_url(client, site):
    response, _ = results(client, q="양자 국제협력", type="strategy")
    html = response.content.decode()
    assert "<mark>양자</mark>과학기술 <mark>국제협력</mark> 전략" in html
    assert 'value="양자 국제협력"' in html
    assert "q=%EC%96%91%EC%9E%90+%EA%B5%AD%EC%A0%9C%ED%98%91%EB%A0%A5&amp;type=strategy" in html


def test_the_form_shows_the_chosen_values_and_points_at_a_wrong_one(client, site):
    chosen = {"q": "양자", "ministry": "msit", "year": "abc", "type": "strategy", "sort": "oldest"}
    response = client.get(reverse("search"), chosen)
    assert response.status_code == 400
    html = response.content.decode()
    for name in ["q", "ministry", "year", "year_from", "year_to", "type", "sort"]:
        assert f'<label for="id_{name}">' in html and f'name="{name}" id="id_{name}"' in html
    assert 'name="ministry" id="id_ministry" value="msit" maxlength="100">' in html
    assert (
        '<option value="strategy" selected>' in html and '<option value="oldest" selected>' in html
    )
    assert html.count(" selected>") == 2
    assert '<ul class="errorlist" id="id_year_error"><li>정수를 입력하세요.</li></ul>' in html
    assert (
        'name="year" id="id_year" value="abc" min="1900" max="2100" aria-invalid="true" '
        'aria-describedby="id_year_error">'
    ) in html
    assert html.count("aria-invalid") == 1


def test_pages_of_results(client, site):
    response, first = results(client, q="", type="strategy")
    assert len(first) == 20 and response.context["page"].has_next()
    _, second = results(client, type="strategy", page=2)
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"year": "abc"}, 400),
        ({"type": "nonsense"}, 400),
        ({"ministry": "없는부처"}, 200),
        ({"q": "전략", "page": "99999"}, 200),
        ({"q": "전략", "page": "-1"}, 200),
        ({"q": "양자" * 5000}, 200),
        ({"q": "양자\x00국제협력"}, 400),  # Django's forms refuse NUL characters
        ({"q": "<script>alert(1)</script>"}, 200),
    ],
)
def test_bad_parameters_give_a_page_not_a_server_error(client, site, params, status):
    response = client.get(reverse("search"), params)
    assert response.status_code == status
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if params.get("q", "").startswith("<script>"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_ministry_finds_nothing(client, site):
    _, found = results(client, ministry="없는부처")
    assert found == []


def test_index_keeps_step_with_ingest(client, site, tmp_path):
    strategy = Strategy.objects.get(title="양자과학기술 국제협력 전략")
    assert SearchEntry.objects.filter(kind="strategy", key=strategy.slug).exists()
    # A repair finds nothing to write; rewriting everything writes each entry once.
    assert indexing.rebuild() == 0
    assert indexing.rebuild(everything=True) == SearchEntry.objects.count()


def test_a_new_alias_is_searchable_at_once(client, site):
    """The ministry-name expansion is cached; saving an alias clears it."""
    _, before = results(client, q="과기통신부", type="announcement")
    assert before == []
    Ministry.objects.get(slug="msit").aliases.create(name="과기통신부")
    _, after = results(client, q="과기통신부", type="announcement")
    assert "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표" in titles(after)


@pytest.mark.django_db
def test_postgresql_connections_keep_match_bitmaps_exact_and_read_their_rows_ahead():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL connection settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "64MB"
        cursor.execute("SHOW effective_io_concurrency")
        assert cursor.fetchone()[0] == "64"


@pytest.fixture
def small_windows(monkeypatch):
    """A first search window of 4 entries (then 8, 16, ...), so the site's 63 entries
    span several."""
    monkeypatch.setattr(search, "FIRST_WINDOW", 4)


@pytest.mark.parametrize("oldest", [False, True])
@pytest.mark.parametrize("query", ["전략", "국제협력", "글로벌 센터", "양자", "없는낱말", ""])
@pytest.mark.parametrize("limit", [1, 3, 10, 100])
def test_first_matches_through_windows_are_the_first_of_all(
    site, small_windows, query, limit, oldest
):
    order = search.OLDEST_FIRST if oldest else search.NEWEST_FIRST
    every_match = search.matching(SearchEntry.objects.all(), query).order_by(*order)
    expected = list(every_match.values_list("pk", flat=True)[:limit])
    assert search.window_bound(search.FIRST_WINDOW, oldest)
    ids = search.matching(SearchEntry.objects.all(), query).values_list("pk", flat=True)
    assert search.first_in_order(ids, limit, oldest=oldest) == expected


@pytest.mark.parametrize("oldest", [False, True])
def test_a_common_word_is_answered_by_the_first_window(
    site, small_windows, django_assert_num_queries, oldest
):
    bound = search.window_bound(search.FIRST_WINDOW, oldest)
    search.window_bound(1, oldest)  # where the window ends: cached, as the bound is
    matches = search.matching(SearchEntry.objects.all(), "전략")
    in_first_window = matches.filter(date__lte=bound) if oldest else matches.filter(date__gte=bound)
    limit = in_first_window.count()
    assert limit >= 1
    with django_assert_num_queries(1):
        first = search.first_in_order(matches.values_list("pk", flat=True), limit, oldest=oldest)
    assert set(first) == set(in_first_window.values_list("pk", flat=True))


YEARS = [
    {"year": 2024},
    {"year_from": 2020, "year_to": 2024},
    {"year_to": 2020},
    {"year_from": 2025},
]


@pytest.mark.parametrize("oldest", [False, True])
@pytest.mark.parametrize("years", YEARS)
@pytest.mark.parametrize("query", ["전략", "", "없는낱말"])
@pytest.mark.parametrize("limit", [1, 3, 100])
def test_windows_counted_from_the_chosen_years_find_the_first_matches_of_all(
    site, small_windows, years, query, limit, oldest
):
    chosen = SearchFilter({"q": query, **years})
    ids = chosen.qs.values_list("pk", flat=True)
    expected = list(ids.order_by(*(search.OLDEST_FIRST if oldest else search.NEWEST_FIRST))[:limit])
    start = chosen.first_day(oldest)  # None where the years leave that end open
    assert search.first_in_order(ids, limit, oldest=oldest, start=start) == expected


@pytest.mark.parametrize("oldest", [False, True])
def test_a_past_year_is_answered_by_a_window_counted_from_its_end(
    site, small_windows, django_assert_num_queries, oldest
):
    chosen = SearchFilter({"q": "전략", "year": 2024})
    start = chosen.first_day(oldest)
    assert start == (datetime.date(2024, 1, 1) if oldest else datetime.date(2024, 12, 31))
    bound = search.window_bound(search.FIRST_WINDOW, oldest, start)
    matches = chosen.qs
    in_window = matches.filter(date__lte=bound) if oldest else matches.filter(date__gte=bound)
    limit = in_window.count()
    assert limit >= 1
    with django_assert_num_queries(1):
        first = search.first_in_order(
            matches.values_list("pk", flat=True), limit, oldest=oldest, start=start
        )
    assert set(first) == set(in_window.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("params", "oldest", "expected"),
    [
        ({"year": 2021, "year_to": 2023}, False, datetime.date(2021, 12, 31)),
        ({"year_from": 2019, "year_to": 2023}, False, datetime.date(2023, 12, 31)),
        ({"year_from": 2019, "year_to": 2023}, True, datetime.date(2019, 1, 1)),
        ({"year": 2021, "year_from": 2022}, True, datetime.date(2022, 1, 1)),
        ({"year_from": 2019}, False, None),
        ({"year": "abc"}, False, None),
        ({}, True, None),
    ],
)
def test_the_first_day_is_where_the_chosen_years_begin_in_order(db, params, oldest, expected):
    assert SearchFilter(params or None).first_day(oldest) == expected


def test_the_next_window_is_sized_from_the_share_of_matches_found():
    # 1,001 matches in 20,000 entries: 2,000 (with half as many again to spare) should be
    # in 60,000, so the window doubles twice.
    assert search.next_window(20_000, 1_001, 2_000) == 80_000
    assert search.next_window(20_000, 1_999, 2_000) == 40_000
    assert search.next_window(20_000, 10, 2_000) == 20_000 * 2**9  # 10,240,000 ≥ 6,000,000
    assert search.next_window(20_000, 0, 2_000) is None  # no share to go by: sort them all


@pytest.mark.parametrize("oldest", [False, True])
def test_a_window_is_bounded_by_the_date_of_its_last_entry(site, oldest):
    dates = sorted(SearchEntry.objects.exclude(date=None).values_list("date", flat=True))
    if not oldest:
        dates.reverse()
    for size in (1, 4, len(dates)):
        assert search.window_bound(size, oldest) == dates[size - 1]
    assert search.window_bound(len(dates) + 1, oldest) is None


def test_facets_count_the_results_shown_oldest_first(client, site, monkeypatch):
    monkeypatch.setattr(search, "RANKED_MATCHES", 5)
    response, _ = results(client, q="전략", sort="oldest")
    oldest_five = search.matching(SearchEntry.objects.all(), "전략").order_by(*search.OLDEST_FIRST)
    years = {}
    for entry in oldest_five[:5]:
        if entry.year:
            years[entry.year] = years.get(entry.year, 0) + 1
    assert dict(response.context["facets"]["year"]) == years


def test_undated_entries_come_last_newest_first_and_oldest_first(client, site):
    undated = set(SearchEntry.objects.filter(date=None).values_list("title", flat=True))
    assert undated
    for sort in ("date", "oldest"):
        _, last_page = results(client, q="", sort=sort, page=9999)  # the last page
        assert set(titles(last_page)[-len(undated) :]) == undated
        _, first_page = results(client, q="", sort=sort)
        assert not undated & set(titles(first_page))


def test_the_search_index_is_over_the_tokens_alone_on_postgresql(site):
    """Migration 0010: the GIN index holds the tokens, date marks among them, and no longer
    the date (each bound of a date range was a scan to the end of the index)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, SearchEntry._meta.db_table)
    index = constraints[search.GIN_INDEX]
    assert index["type"] == "gin"
    assert index["columns"] == ["tokens"]


@pytest.mark.parametrize(
    ("first", "last", "marks"),
    [
        ((2021, 3, 9), (2021, 3, 30), ["@2021-03"]),
        ((2021, 1, 1), (2021, 12, 31), ["@2021"]),
        ((2020, 11, 15), (2023, 2, 1), ["@2020-11", "@2020-12", "@2021", "@2022", "@2023-01",
                                        "@2023-02"]),
        ((2019, 12, 31), (2020, 1, 1), ["@2019-12", "@2020-01"]),
        ((2022, 5, 1), (2021, 5, 1), []),
    ],
)  # fmt: skip
def test_a_period_is_marked_by_its_whole_years_and_the_months_left(first, last, marks):
    assert search.period_marks(datetime.date(*first), datetime.date(*last)) == marks


def test_an_entry_is_marked_by_its_year_and_month_which_no_query_word_matches(client, site):
    assert search.date_marks(datetime.date(2024, 3, 5)) == {"@2024", "@2024-03"}
    assert search.date_marks(None) == set()
    assert not any(token.startswith("@") for token in search.tokens_of("@2024 @2024-03 2024"))
    dated_2024 = SearchEntry.objects.filter(date__year=2024)
    _, typed = results(client, q="@2024")
    assert dated_2024.exists() and set(dated_2024) - set(typed)


def test_a_period_finds_exactly_the_entries_dated_in_it(site):
    """of_period reads the date marks of an entry; they must agree with its date."""
    every = SearchEntry.objects.all()
    dates = sorted(set(every.exclude(date=None).values_list("date", flat=True)))
    assert len({day.year for day in dates}) > 1
    periods = [(day.replace(day=1), day) for day in dates[::3]] + [
        (datetime.date(year, 1, 1), datetime.date(year + 1, 6, 30))
        for year in {day.year for day in dates}
    ]
    for first, last in periods:
        last_of_month = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        expected = every.filter(date__gte=first.replace(day=1), date__lt=last_of_month)
        found = search.of_period(every, first, last)
        assert set(found) == set(expected), (first, last)


@pytest.mark.parametrize("years", YEARS)
def test_the_year_filters_find_exactly_the_entries_of_the_years(site, years):
    by_date = SearchEntry.objects.all()
    if "year" in years:
        by_date = by_date.filter(date__year=years["year"])
    if "year_from" in years:
        by_date = by_date.filter(date__year__gte=years["year_from"])
    if "year_to" in years:
        by_date = by_date.filter(date__year__lte=years["year_to"])
    assert by_date.exists()
    assert set(SearchFilter(years).qs) == set(by_date)


def test_a_capped_search_says_which_end_it_shows(client, site, monkeypatch):
    monkeypatch.setattr(search, "RANKED_MATCHES", 5)
    newest, _ = results(client, q="전략")
    oldest, _ = results(client, q="전략", sort="oldest")
    assert "5건 이상 (최근 것부터 보입니다)" in newest.content.decode()
    assert "5건 이상 (오래된 것부터 보입니다)" in oldest.content.decode()
