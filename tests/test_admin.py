"""The admin: every registered model's changelist and forms render with content, and a hand
edit through a change form is recorded in ``locked_fields``."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Announcement, Ministry, Person, PersonEvidence
from programs.models import Strategy

# django-axes' login records are written by failed logins, and its admin refuses to add one.
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label != "axes"),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def staff_client(client, django_user_model, global_rnd):
    from programs.indexing import rebuild

    rebuild()  # the read-only search index has rows to show
    user = django_user_model.objects.create_superuser("staff", "staff@example.com", "pw")
    client.force_login(user)
    return client


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_model_is_editable_in_the_admin():
    from django.apps import apps

    registered_or_inline = set(REGISTERED)
    for model_admin in admin.site._registry.values():
        registered_or_inline |= {inline.model for inline in model_admin.inlines}
    ours = {m for m in apps.get_models() if m._meta.app_label in {"documents", "programs"}}
    assert ours - registered_or_inline == set()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_lists_records(staff_client, model):
    response = staff_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert str(model._meta.verbose_name_plural) in page
    first = model.objects.first()
    if first is not None:
        assert str(first)[:40] in page.replace("&amp;", "&")


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_change_form_shows_the_record(staff_client, model):
    obj = model.objects.first()
    if obj is None:
        response = staff_client.get(admin_url(model, "add"))
        assert response.status_code == 200
        assert "<form" in response.content.decode()
        return
    response = staff_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert str(obj)[:40] in response.content.decode().replace("&amp;", "&")


def test_changelist_filters_by_year_and_ministry(staff_client):
    url = admin_url(Announcement, "changelist")
    msit = Ministry.objects.get(slug="msit")
    page = staff_client.get(url, {"year": "2024", "issuing_ministries__id__exact": msit.pk})
    assert "국가·연구기관·연구자·다자 차원에서" in page.content.decode()
    assert "기초ㆍ원천 연구성과" not in page.content.decode()
    page = staff_client.get(url, {"year": "2020"})
    assert "기초ㆍ원천 연구성과" in page.content.decode()
    # A hand-typed bad year filters nothing rather than failing.
    assert staff_client.get(url, {"year": "abc"}).status_code == 200


def test_announcement_original_text_is_read_only(staff_client, global_rnd):
    announcement = global_rnd["announcement"]
    response = staff_client.get(admin_url(Announcement, "change", announcement.pk))
    form = response.context["adminform"].form
    assert "original_text" not in form.fields
    assert "title" in form.fields
    assert "작성자 : 관리자" in response.content.decode()


def test_strategy_change_form_shows_tasks_and_evidence_inlines(staff_client, global_rnd):
    strategy = global_rnd["strategy"]
    page = staff_client.get(admin_url(Strategy, "change", strategy.pk)).content.decode()
    assert "국가 간 협력 : 글로벌 협력의 전방위적 확대 및 전략성 강화" in page
    assert "과학기술 글로벌 협력 종합전략(안)" in page  # the quoted evidence


def form_data(response):
    """The POST data a browser would send back for an admin change form, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
        forms.extend(formset.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            data[form[name].html_name] = value
    return {key: value for key, value in data.items() if value is not False}


def test_hand_edit_in_admin_locks_the_changed_fields(staff_client, global_rnd):
    strategy = global_rnd["strategy"]
    url = admin_url(Strategy, "change", strategy.pk)
    data = form_data(staff_client.get(url))
    data["title"] = "과학기술 글로벌 협력 종합 전략"
    data["tasks-0-title"] = "국가 간 협력"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    strategy.refresh_from_db()
    assert strategy.title == "과학기술 글로벌 협력 종합 전략"
    assert strategy.locked_fields == ["title"]
    task = strategy.tasks.get(order=1)
    assert (task.title, task.locked_fields) == ("국가 간 협력", ["title"])
    # What a re-import would do: the locked title stays, other fields still update.
    assert strategy.assign_unlocked({"title": "과학기술 글로벌 협력 종합전략", "draft": False}) == [
        "draft"
    ]
    assert strategy.title == "과학기술 글로벌 협력 종합 전략"


def test_saving_an_unchanged_form_locks_nothing(staff_client, global_rnd):
    person = global_rnd["person"]
    url = admin_url(type(person), "change", person.pk)
    response = staff_client.post(url, form_data(staff_client.get(url)))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.locked_fields == []


def test_changelist_years_are_read_once_per_data_version(staff_client):
    """Finding the years of a large table reads every row: the year filter finds them on
    the first view after a change, and offers a new year once one is stored."""
    url = admin_url(Announcement, "changelist")

    def view():
        with CaptureQueriesContext(connection) as queries:
            html = staff_client.get(url).content.decode()
        return html, len(queries)

    html, first_queries = view()
    years = {day.year for day in Announcement.objects.dates("date", "year")}
    assert years and all(f'href="?year={year}"' in html for year in years)
    again, queries = view()
    assert queries == first_queries - 1
    assert all(f'href="?year={year}"' in again for year in years)
    Announcement.objects.create(key="later", title="후일 발표", date=datetime.date(2031, 5, 1))
    html, queries = view()
    assert 'href="?year=2031"' in html and queries == first_queries


def test_a_record_named_in_many_sentences_shows_its_newest_and_links_to_all(
    staff_client, global_rnd
):
    """A minister is named in thousands of announcements: the form shows the newest
    INLINE_ROWS sentences, in as many queries however many there are, and links to the
    list of them all; saving the form leaves the others as they were."""
    from documents.admin import INLINE_ROWS

    announcement = global_rnd["announcement"]
    person = Person.objects.create(name="김서연", title="장관", slug="kim-seoyeon")
    url = admin_url(Person, "change", person.pk)

    text = announcement.text
    # Spans of its text that a form field, which strips spaces, keeps as they are.
    starts = [n for n in range(len(text) - 9) if not (text[n].isspace() or text[n + 8].isspace())]

    def name_in(count):
        PersonEvidence.objects.filter(person=person).delete()
        PersonEvidence.objects.bulk_create(
            PersonEvidence(person=person, announcement=announcement, start=n, end=n + 9,
                           quote=text[n : n + 9])
            for n in starts[:count]
        )  # fmt: skip
        staff_client.get(url)  # the first view of a session reads more (its content types)
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url)
        return response, len(queries)

    response, few_queries = name_in(INLINE_ROWS + 5)
    html = response.content.decode()
    [formset] = [f.formset for f in response.context["inline_admin_formsets"]
                 if f.formset.model is PersonEvidence]  # fmt: skip
    newest = PersonEvidence.objects.filter(person=person).order_by("-pk")[:INLINE_ROWS]
    assert {form.instance.pk for form in formset.forms} == {row.pk for row in newest}
    every = admin_url(PersonEvidence, "changelist") + f"?person__id__exact={person.pk}"
    assert f'<a href="{every}">모두 {INLINE_ROWS + 5}건 보기</a>' in html
    listed = staff_client.get(every).content.decode()
    assert listed.count('class="action-select"') == INLINE_ROWS + 5
    response, many_queries = name_in(INLINE_ROWS * 3)
    assert many_queries == few_queries
    assert staff_client.post(url, form_data(response)).status_code == 302
    assert PersonEvidence.objects.filter(person=person).count() == INLINE_ROWS * 3
