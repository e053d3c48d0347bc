"""Staff editing records in the admin, on real releases: an untouched form locks nothing,
locked fields are checkboxes, budgets are typed as written, records are verified (who,
when) and marked on the public pages, and every admin save is kept in the history."""

import re

import pytest
from reversion.models import Version

from documents.models import Announcement, Meeting, Person
from programs.admin import read_written_amount
from programs.models import AgendaItem, BudgetAmount, Center, Program, Strategy, StrategyTask
from programs.templatetags.policy import korean_amount
from tests.test_admin import form_data
from tests.test_admin_review import BUDGETS, GLOBAL_RND, admin_url, ingest, page_of

# For each model staff edit: a field to change, and how.
EDITS = {
    Announcement: ("title", lambda value: value + " (수정)"),
    Meeting: ("venue", lambda value: "정부서울청사 별관"),
    Person: ("title", lambda value: value + " 겸 위원장"),
    Strategy: ("title", lambda value: value + " 2.0"),
    StrategyTask: ("title", lambda value: value + " 강화"),
    AgendaItem: ("title", lambda value: value + " (수정안)"),
    Program: ("name", lambda value: value + " 2단계"),
    BudgetAmount: ("note", lambda value: "정부안 기준"),
    Center: ("region", lambda value: "유럽"),
}


@pytest.fixture
def staff(client, django_user_model, ministries):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    client.user = user
    ingest(GLOBAL_RND)
    ingest(BUDGETS)
    return client


def as_a_browser_sends(data):
    """What a browser posts for the form: its textareas' line ends as CRLF."""
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


def stored_values(obj):
    obj.refresh_from_db()
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


@pytest.mark.parametrize("model", EDITS, ids=lambda model: model.__name__)
def test_an_untouched_form_locks_nothing_and_one_change_locks_one_field(staff, model):
    obj = model.objects.order_by("pk").first()
    assert obj is not None, "the two releases give a record of every kind"
    before = stored_values(obj)
    url = admin_url(model, "change", obj.pk)
    data = as_a_browser_sends(form_data(staff.get(url)))
    if model is Announcement:
        assert "\r\n" in data["body_markdown"]  # the case that locked bodies before

    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert obj.__class__.objects.get(pk=obj.pk).locked_fields == []
    after = stored_values(obj)
    assert after == {**before, **{k: after[k] for k in ("updated_at",) if k in after}}
    # Its inline records (a strategy's tasks, a meeting's agenda) are left unlocked too.
    for task in StrategyTask.objects.all():
        assert task.locked_fields == []
    assert not AgendaItem.objects.exclude(locked_fields=[]).exists()

    name, edit = EDITS[model]
    data[name] = edit(getattr(obj, name))
    assert staff.post(url, data).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, name) == data[name]
    assert obj.locked_fields == [name]


def test_locked_fields_are_checkboxes_of_field_names(staff):
    strategy = Strategy.objects.order_by("pk").first()
    url = admin_url(Strategy, "change", strategy.pk)
    response = staff.get(url)
    page = response.content.decode()
    assert '<textarea name="locked_fields"' not in page
    for name in ("title", "draft", "ministries", "adopted_on"):
        assert f'type="checkbox" name="locked_fields" value="{name}"' in page
    assert 'value="verified_at"' not in page and 'value="normalized_name"' not in page
    # Ticking a box locks the field without editing it; unticking unlocks it.
    data = form_data(response)
    data["locked_fields"] = ["draft", "ministries"]
    assert staff.post(url, data).status_code == 302
    strategy.refresh_from_db()
    assert strategy.locked_fields == ["draft", "ministries"]
    again = staff.get(url)
    assert again.context["adminform"].form["locked_fields"].value() == ["draft", "ministries"]
    assert re.search(r'<input[^>]*value="draft"[^>]*checked', again.content.decode())
    data.pop("locked_fields")
    staff.post(url, data)
    strategy.refresh_from_db()
    assert strategy.locked_fields == []


@pytest.mark.parametrize(
    "written, value, currency",
    [
        ("1조 2,000억원", 1_200_000_000_000, "KRW"),
        ("500억 원", 50_000_000_000, "KRW"),
        ("3,000만원", 30_000_000, "KRW"),
        ("10억달러", 1_000_000_000, "USD"),
        ("80000000000", 80_000_000_000, "KRW"),
    ],
)
def test_budgets_are_typed_as_written_and_shown_back_so(staff, written, value, currency):
    program = Program.objects.filter(amounts__isnull=True).order_by("pk").first()
    url = admin_url(BudgetAmount, "add")
    data = form_data(staff.get(url))
    data.update({"program": program.pk, "value": written, "text": "", "currency": "KRW"})
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    amount = BudgetAmount.objects.get(program=program)
    assert (amount.value, amount.currency, amount.text) == (value, currency, written)
    form = staff.get(admin_url(BudgetAmount, "change", amount.pk)).context["adminform"].form
    shown = form["value"].value()
    assert shown == korean_amount(value, currency)
    assert read_written_amount(shown) == (value, currency)


def test_a_budget_that_cannot_be_read_is_a_form_error(staff):
    program = Program.objects.order_by("pk").first()
    url = admin_url(BudgetAmount, "add")
    data = form_data(staff.get(url))
    data.update({"program": program.pk, "value": "많이", "text": "", "currency": "KRW"})
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "금액을 읽을 수 없습니다" in page_of(response)
    assert not BudgetAmount.objects.filter(program=program, text="많이").exists()


def test_a_stored_budget_is_shown_as_written(staff):
    amount = BudgetAmount.objects.order_by("pk").first()
    page = page_of(staff.get(admin_url(BudgetAmount, "change", amount.pk)))
    assert f'value="{korean_amount(amount.value, amount.currency)}"' in page


def test_staff_verify_a_record_and_the_public_page_marks_it(staff, client):
    strategy = Strategy.objects.order_by("pk").first()
    public = strategy.get_absolute_url()
    assert "edited-mark" not in staff.get(public).content.decode()
    url = admin_url(Strategy, "change", strategy.pk)
    assert "기계 추출 (검토 전)" in page_of(staff.get(url))
    data = form_data(staff.get(url))
    data["verified"] = "on"
    assert staff.post(url, data).status_code == 302
    strategy.refresh_from_db()
    assert strategy.verified_by == staff.user and strategy.verified_at is not None
    assert strategy.locked_fields == []  # checking is not editing
    assert "검토 완료: editor" in page_of(staff.get(url))
    assert "직원 검토" in page_of(staff.get(public))
    # Unticking it returns the record to machine-extracted.
    data.pop("verified")
    staff.post(url, data)
    strategy.refresh_from_db()
    assert strategy.verified_at is None and strategy.verified_by is None


def test_edited_fields_are_named_on_the_public_page(staff):
    program = Program.objects.order_by("pk").first()
    url = admin_url(Program, "change", program.pk)
    data = form_data(staff.get(url))
    data["name"] = program.name + " 2단계"
    staff.post(url, data)
    program.refresh_from_db()
    label = Program._meta.get_field("name").verbose_name
    assert f"직원 수정: {label}" in page_of(staff.get(program.get_absolute_url()))


@pytest.mark.parametrize("model", [Program, Center, Meeting, Person, Announcement])
def test_the_list_action_verifies_records(staff, model):
    objs = list(model.objects.order_by("pk")[:2])
    response = staff.post(
        admin_url(model, "changelist"),
        {"action": "mark_verified", "_selected_action": [obj.pk for obj in objs]},
    )
    assert response.status_code == 302
    for obj in objs:
        obj.refresh_from_db()
        assert obj.verified_by == staff.user and obj.verified_at is not None
        assert obj.get_absolute_url()
    assert "직원 검토" in page_of(staff.get(objs[0].get_absolute_url()))


def test_history_says_who_changed_what_and_imports_add_none(staff):
    versions = Version.objects.count()
    ingest(GLOBAL_RND, key="again")  # a machine write: no version
    assert Version.objects.count() == versions
    center = Center.objects.order_by("pk").first()
    url = admin_url(Center, "change", center.pk)
    data = form_data(staff.get(url))
    data["region"] = "북미"
    staff.post(url, data)
    history = page_of(staff.get(admin_url(Center, "history", center.pk)))
    assert "editor" in history
    assert str(Center._meta.get_field("region").verbose_name) in history
    [version] = Version.objects.get_for_object(center)
    assert version.field_dict["region"] == "북미"
    assert version.revision.user == staff.user


def test_an_edited_agenda_item_is_marked_on_its_meetings_page(staff):
    item = AgendaItem.objects.order_by("pk").first()
    url = admin_url(AgendaItem, "change", item.pk)
    meeting_page = item.meeting.get_absolute_url()
    assert "edited-mark" not in staff.get(meeting_page).content.decode()
    data = form_data(staff.get(url))
    data["title"] = item.title + " (수정안)"
    staff.post(url, data)
    label = AgendaItem._meta.get_field("title").verbose_name
    page = page_of(staff.get(meeting_page))
    assert f"{item.title} (수정안)" in page and f"직원 수정: {label}" in page
