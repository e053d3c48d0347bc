"""Staff in the admin, on real releases: upload → preview → save, re-parse → diff → apply,
budgets typed as written, locked fields as checkboxes, an untouched form locking nothing,
verified state and history."""

import datetime
import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Announcement
from documents.parsing import parse_release
from documents.sources import Source, parse_source
from programs import review
from programs.importer import ingest_release
from programs.models import AgendaItem, Center, Program

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"
EVAL_RAW = ROOT / "tests" / "data" / "eval" / "raw"
# Seed 000 (a meeting, its agenda, strategies, tasks, programs, centers, people) and 002
# (programs with budgets): between them every kind of record the importer writes.
GLOBAL_RND = SOURCES / "000_77bb8d32fb59adcb.txt"
BUDGETS = SOURCES / "002_a9915ecec5217dee.txt"


def upload_url():
    return reverse("admin:documents_announcement_upload")


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def staff(client, django_user_model, ministries):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


def ingest(path, key=None):
    source = Source(key or path.stem, str(path), path.read_bytes())
    parsed = parse_source(source)
    ingest_release(parsed, source.key)
    return Announcement.objects.get(key=source.key)


def page_of(response):
    return html.unescape(response.content.decode())


# Upload → preview → save ----------------------------------------------------------------


def test_pasted_release_is_previewed_with_every_fact_and_saved_only_on_confirm(staff):
    text = GLOBAL_RND.read_text(encoding="utf-8")
    parsed = parse_release(text.encode("utf-8"))
    given = {
        "text": text,
        "key": "global-rnd-3",
        "date": "2024-06-27",
        "source_url": "www.msit.go.kr/bbs/view.do?nttSeqNo=3184501",
        "issuer": "과학기술정보통신부",
    }
    response = staff.post(upload_url(), given)
    assert response.status_code == 200
    page = page_of(response)
    assert not Announcement.objects.filter(key="global-rnd-3").exists()  # nothing saved yet
    # Every record the parser found is listed, each with its sentences.
    for strategy in parsed.strategies:
        assert strategy.title in page
        assert all(span.quote in page for span in strategy.evidence)
    for program in parsed.programs:
        assert program.name in page
    for center in parsed.centers:
        assert center.name in page
    for person in parsed.people:
        assert person.name in page
    for item in parsed.agenda_items:
        assert item.title in page and item.evidence[0].quote in page
    assert parsed.meeting.name in page and parsed.meeting.evidence[0].quote in page
    assert "과학기술정보통신부" in page
    assert parsed.title in page
    assert "date, source_url" in page  # the fields given, named as given

    saved = staff.post(upload_url(), {**dict(response.context["form"].hidden_fields_for_saving()),
                                      "_save": "1"})  # fmt: skip
    announcement = Announcement.objects.get(key="global-rnd-3")
    assert saved.status_code == 302
    assert saved["Location"] == admin_url(Announcement, "change", announcement.pk)
    assert announcement.date == datetime.date(2024, 6, 27)
    assert announcement.date_inferred is False
    assert announcement.source_url == "https://www.msit.go.kr/bbs/view.do?nttSeqNo=3184501"
    assert announcement.original_text == text
    stored = {fact.key for fact in review.stored_facts(announcement) if fact.kind == "strategy"}
    assert stored == {fact.key for fact in review.parsed_facts(parsed) if fact.kind == "strategy"}
    assert announcement.verified_at is None  # machine-extracted until staff say otherwise


def test_uploaded_file_is_keyed_by_its_name_and_given_title_wins(staff):
    path = sorted(EVAL_RAW.glob("*.txt"))[2]
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    response = staff.post(upload_url(), {"file": upload, "title": "직원이 붙인 제목"})
    assert response.status_code == 200
    assert "직원이 붙인 제목" in page_of(response)
    fields = dict(response.context["form"].hidden_fields_for_saving())
    assert fields["key"] == path.stem
    staff.post(upload_url(), {**fields, "_save": "1"})
    announcement = Announcement.objects.get(key=path.stem)
    assert announcement.title == "직원이 붙인 제목"
    assert announcement.original_text == parse_release(path.read_bytes()).original_text


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("002_board_copy_chromium.pdf", "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표"),
        (
            "010_space_committee.hwpx",
            "정부, 민간주도 우주개발 생태계조성으로 미래 혁신성장동력을 창출한다.",
        ),
    ],
)
def test_a_pdf_or_hwpx_upload_is_converted_previewed_and_saved(staff, name, title):
    path = ROOT / "tests" / "data" / "files" / name
    upload = SimpleUploadedFile(name, path.read_bytes(), content_type="application/octet-stream")
    response = staff.post(upload_url(), {"file": upload})
    assert response.status_code == 200
    assert title in page_of(response)
    fields = dict(response.context["form"].hidden_fields_for_saving())
    staff.post(upload_url(), {**fields, "_save": "1"})
    announcement = Announcement.objects.get(key=path.stem)
    assert announcement.title == title
    assert "%PDF" not in announcement.original_text and "PK" not in announcement.original_text[:2]


def test_release_text_is_escaped_in_the_preview(staff):
    text = BUDGETS.read_text(encoding="utf-8")
    response = staff.post(upload_url(), {"text": text, "title": "<script>alert(1)</script>"})
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize(
    "data, reason",
    [
        (bytes(range(256)) * 8, "binary file"),
        (b"", "파일을 올리거나"),  # an empty upload is no release at all
    ],
)
def test_unreadable_bytes_are_a_form_error_and_nothing_is_saved(staff, data, reason):
    before = Announcement.objects.count()
    upload = SimpleUploadedFile("broken.txt", data, content_type="text/plain")
    response = staff.post(upload_url(), {"file": upload, "_save": "1"})
    assert response.status_code == 200
    assert reason in page_of(response)
    assert response.context["form"].errors
    assert Announcement.objects.count() == before


def test_upload_needs_a_file_or_text_but_not_both(staff):
    text = GLOBAL_RND.read_text(encoding="utf-8")
    upload = SimpleUploadedFile("a.txt", text.encode(), content_type="text/plain")
    response = staff.post(upload_url(), {"file": upload, "text": text})
    assert "둘 중 하나만" in page_of(response)
    assert not Announcement.objects.exists()


def test_uploading_a_new_version_of_a_stored_release_shows_the_difference(staff):
    ingest(GLOBAL_RND, key="global-rnd")
    text = GLOBAL_RND.read_text(encoding="utf-8")
    # The same release with its last program's sentence gone (a later, corrected version).
    parsed = parse_release(text.encode())
    dropped = parsed.programs[-1].evidence[0].quote
    response = staff.post(upload_url(), {"text": text.replace(dropped, ""), "key": "global-rnd"})
    diff = response.context["diff"]
    assert diff is not None
    assert "이미 저장된 발표문" in page_of(response)
    assert any(fact.kind == "program" for fact in diff.removed + [c.new for c in diff.changed])


# Re-parse → diff → apply ----------------------------------------------------------------


def stale_ingest(path, key):
    """A release as an older parser stored it: one program under a misread name, one agenda
    item of the wrong kind, and a center it did not find."""
    parsed = parse_release(path.read_bytes())
    program = parsed.programs[0]
    true_name = program.name
    program.name = program.name + " 시범"
    item = parsed.agenda_items[0]
    true_kind = item.kind
    item.kind = "보고" if true_kind != "보고" else "심의"
    missed = parsed.centers.pop()
    ingest_release(parsed, key)
    return true_name, program.name, item.title, missed.name


def test_reparse_shows_added_removed_and_changed_facts_and_applies_them(staff):
    true_name, misread, item_title, missed = stale_ingest(GLOBAL_RND, "global-rnd")
    announcement = Announcement.objects.get(key="global-rnd")
    url = reverse("admin:documents_announcement_reparse", args=[announcement.pk])
    change_page = staff.get(admin_url(Announcement, "change", announcement.pk)).content.decode()
    assert url in change_page  # the button on the announcement's form

    response = staff.get(url)
    diff = response.context["diff"]
    added = {(fact.kind, fact.label) for fact in diff.added}
    removed = {(fact.kind, fact.label) for fact in diff.removed}
    assert ("program", true_name) in added and ("center", missed) in added
    assert ("program", misread) in removed
    [changed] = [change for change in diff.changed if change.new.kind == "agenda_item"]
    assert changed.new.label == item_title
    assert [name for name, _, _ in changed.changed_details] == ["종류"]
    page = page_of(response)
    assert true_name in page and misread in page and missed in page
    assert not Center.objects.matching(missed).exists()  # shown, not yet applied

    applied = staff.post(url, {"_apply": "1"})
    assert applied.status_code == 302
    assert Center.objects.matching(missed).get().announcements.filter(pk=announcement.pk)
    assert Program.objects.matching(true_name).get().evidence.filter(announcement=announcement)
    item = AgendaItem.objects.filter(evidence__announcement=announcement).distinct()
    item = item.get(title=item_title)
    assert item.kind == parse_release(GLOBAL_RND.read_bytes()).agenda_items[0].kind
    # Read again, nothing differs any more.
    again = staff.get(url)
    assert not again.context["diff"]
    assert "달라지는 것이 없습니다" in page_of(again)


def test_reparse_action_on_the_list_goes_to_the_diff(staff):
    announcement = ingest(BUDGETS)
    response = staff.post(
        admin_url(Announcement, "changelist"),
        {"action": "reparse_selected", "_selected_action": [announcement.pk]},
    )
    assert response["Location"] == reverse(
        "admin:documents_announcement_reparse", args=[announcement.pk]
    )


def test_diff_compares_by_kind_and_normalised_name():
    a = review.Fact("strategy", "탄소중립전략", "「탄소중립 전략」", (), ("문장",))
    b = review.Fact("strategy", "탄소중립전략", "탄소중립 전략(안)", (), ("문장",))
    c = review.Fact("program", "탄소중립전략", "탄소중립 전략", (), ("문장",))
    result = review.diff([a], [b, c])
    assert result.changed == [] and result.unchanged == 1
    assert result.added == [c] and result.removed == []


@pytest.mark.parametrize(
    "path",
    [*sorted(SOURCES.glob("*.txt")), *sorted(EVAL_RAW.glob("*.txt"))[::6]],
    ids=lambda path: path.stem[:30],
)
def test_a_release_just_ingested_reads_again_without_difference(ministries, path):
    """What the review reads back from the database is what the importer stored: for a
    release just saved, the stored facts are the parsed ones."""
    announcement = ingest(path)
    result = review.diff(
        review.stored_facts(announcement), review.parsed_facts(parse_release(path.read_bytes()))
    )
    assert not result, (result.added, result.removed, result.changed)
    assert result.unchanged >= len(review.ANNOUNCEMENT_FIELDS)


def test_a_release_too_large_to_post_back_is_refused_at_the_preview(staff, settings):
    text = GLOBAL_RND.read_text(encoding="utf-8")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(text.encode()) + 64 * 1024  # base64 grows it
    upload = SimpleUploadedFile("big.txt", text.encode(), content_type="text/plain")
    response = staff.post(upload_url(), {"file": upload})
    assert "너무 큽니다" in page_of(response)
    assert not Announcement.objects.exists()
