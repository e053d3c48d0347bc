import base64
import binascii
import hashlib
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify

from documents.admin import (
    AnnouncementAdmin,
    LockableForm,
    LockableInlineMixin,
    LockedFieldsAdmin,
    evidence_inline,
    register_evidence,
    year_filter,
)
from documents.models import Announcement, Meeting, MeetingEvidence
from documents.parsing import UnreadableInput
from documents.parsing.amounts import CURRENCIES, find_amounts
from documents.sources import Metadata, Source, parse_source, source_from_bytes

from . import review
from .importer import EVIDENCE_MODELS, ingest_release
from .models import (
    AgendaItem,
    AgendaItemEvidence,
    BudgetAmount,
    BudgetAmountEvidence,
    Center,
    CenterEvidence,
    CenterOperator,
    Program,
    ProgramEvidence,
    SearchEntry,
    Strategy,
    StrategyEvidence,
    StrategyLead,
    StrategyRelation,
    StrategyTask,
    StrategyTaskEvidence,
)
from .templatetags.policy import korean_amount


class AgendaItemInline(LockableInlineMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("order", "number", "title", "kind", "closed", "strategy")
    autocomplete_fields = ("strategy",)


# Registered here rather than in documents.admin because its main inline, the agenda,
# is a policy-layer model; documents must not import programs.
@admin.register(Meeting)
class MeetingAdmin(LockedFieldsAdmin):
    list_display = ("name", "committee", "series", "number", "date", "date_inferred")
    list_filter = ("committee", year_filter("date"), "date_inferred")
    list_select_related = ("committee",)
    search_fields = ("name", "committee__name", "venue")
    show_full_result_count = False
    autocomplete_fields = ("committee", "chair")
    inlines = [AgendaItemInline, evidence_inline(MeetingEvidence)]


class StrategyTaskInline(LockableInlineMixin, admin.TabularInline):
    model = StrategyTask
    extra = 0
    fields = ("order", "label", "title", "parent")
    autocomplete_fields = ("parent",)


class StrategyRelationInline(admin.TabularInline):
    model = StrategyRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ("target",)
    verbose_name = "관련 전략"
    verbose_name_plural = "관련·선행 전략"


class StrategyLeadInline(admin.TabularInline):
    """The ministries leading the strategy, each with the sentence that says so."""

    model = StrategyLead
    extra = 0
    fields = ("ministry", "announcement", "start", "end", "quote")
    autocomplete_fields = ("ministry",)
    raw_id_fields = ("announcement",)


@admin.register(Strategy)
class StrategyAdmin(LockedFieldsAdmin):
    list_display = ("title", "draft", "date")
    list_filter = ("draft", "ministries", year_filter("date"))
    search_fields = ("title",)
    show_full_result_count = False
    autocomplete_fields = ("ministries", "adopted_at")
    inlines = [
        StrategyTaskInline,
        StrategyLeadInline,
        StrategyRelationInline,
        evidence_inline(StrategyEvidence),
    ]


@admin.register(StrategyTask)
class StrategyTaskAdmin(LockedFieldsAdmin):
    list_display = ("title", "label", "order", "strategy")
    list_filter = (("strategy__ministries", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("strategy",)
    search_fields = ("title", "strategy__title")
    autocomplete_fields = ("strategy", "parent")
    inlines = [evidence_inline(StrategyTaskEvidence)]


@admin.register(StrategyRelation)
class StrategyRelationAdmin(admin.ModelAdmin):
    list_display = ("source", "kind", "target")
    list_filter = ("kind",)
    list_select_related = ("source", "target")
    search_fields = ("source__title", "target__title")
    autocomplete_fields = ("source", "target")


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedFieldsAdmin):
    list_display = ("__str__", "meeting", "kind", "closed", "strategy")
    list_filter = (
        "kind",
        "closed",
        "meeting__committee",
        "presenting_ministries",
        year_filter("meeting__date"),
    )
    list_select_related = ("meeting", "strategy")
    # Newest first by id: the default order (by body, meeting, place) sorts every item.
    ordering = ("-pk",)
    show_full_result_count = False
    search_fields = ("title", "meeting__name")
    autocomplete_fields = ("meeting", "strategy", "presenting_ministries")
    inlines = [evidence_inline(AgendaItemEvidence)]


def read_written_amount(written):
    """(value, currency or None) of a sum as staff write it: "1조 2,000억원", "500억 원",
    "3,000만원", "10억달러", or plain digits (in the currency's units)."""
    text = written.strip()
    digits = text.replace(",", "")
    if digits.isdigit():
        return int(digits), None
    amounts = find_amounts(text)
    if len(amounts) != 1 or amounts[0].text != text:
        raise ValidationError(
            "금액을 읽을 수 없습니다: '1조 2,000억원', '500억 원', '3,000만원'처럼 쓰세요.",
            code="amount",
        )
    written_currency = any(symbol in text for symbol in CURRENCIES)
    return amounts[0].value, amounts[0].currency if written_currency else None


class WrittenAmountField(forms.Field):
    """A sum typed as releases write it, stored in the currency's units (won): shown back
    the same way (80000000000 → "800억원")."""

    widget = forms.TextInput
    currency = "KRW"

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        return read_written_amount(text)[0]

    def prepare_value(self, value):
        if isinstance(value, int):
            return korean_amount(value, self.currency)
        return value


class BudgetAmountForm(LockableForm):
    value = WrittenAmountField(
        label="금액",
        help_text="쓰인 그대로: 1조 2,000억원, 500억 원, 3,000만원, 10억달러 (숫자만 쓰면 원 단위)",
    )

    class Meta:
        model = BudgetAmount
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].currency = self.instance.currency or "KRW"
        if "text" in self.fields:
            self.fields["text"].required = False
            self.fields["text"].help_text = "비우면 입력한 금액 그대로"

    def clean(self):
        cleaned = super().clean()
        written = (self.data.get(self.add_prefix("value")) or "").strip()
        if written and "value" in cleaned:
            _, currency = read_written_amount(written)
            if currency:  # "10억달러": the currency written wins over the box
                cleaned["currency"] = currency
            if "text" in self.fields and not cleaned.get("text"):
                cleaned["text"] = written
        return cleaned


class BudgetAmountInline(LockableInlineMixin, admin.TabularInline):
    model = BudgetAmount
    form = BudgetAmountForm
    extra = 0
    fields = ("text", "value", "currency", "year", "note")


@admin.register(Program)
class ProgramAdmin(LockedFieldsAdmin):
    list_display = ("name", "strategy", "start_year", "end_year")
    list_filter = ("ministries", "start_year")
    show_full_result_count = False
    list_select_related = ("strategy",)
    search_fields = ("name",)
    autocomplete_fields = ("ministries", "strategy")
    inlines = [BudgetAmountInline, evidence_inline(ProgramEvidence)]


@admin.register(BudgetAmount)
class BudgetAmountAdmin(LockedFieldsAdmin):
    form = BudgetAmountForm
    list_display = ("text", "program", "value", "currency", "year")
    list_filter = ("currency", "year", "program__ministries")
    show_full_result_count = False
    list_select_related = ("program",)
    search_fields = ("text", "program__name")
    autocomplete_fields = ("program",)
    inlines = [evidence_inline(BudgetAmountEvidence)]


class CenterOperatorInline(admin.TabularInline):
    model = CenterOperator
    extra = 0
    autocomplete_fields = ("ministry",)


@admin.register(Center)
class CenterAdmin(LockedFieldsAdmin):
    list_display = ("name", "region", "country", "provisional", "strategy")
    list_filter = ("region", "provisional", "ministries")
    show_full_result_count = False
    list_select_related = ("strategy",)
    search_fields = ("name", "region", "country")
    autocomplete_fields = ("strategy",)
    inlines = [CenterOperatorInline, evidence_inline(CenterEvidence)]


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """The search index, for inspection: derived from the records as they are saved, never
    edited."""

    list_display = ("title", "kind", "date")
    list_filter = ("kind", year_filter("date"))
    search_fields = ("title", "key")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The policy layer's kinds of evidence, from the importer's one list of every kind.
register_evidence(*(model for model in EVIDENCE_MODELS if model._meta.app_label == "programs"))


# Staff adding and re-reading releases ---------------------------------------------------


class ReleaseForm(forms.Form):
    """A release as staff give it: a file or pasted text, with what they know about it.
    After a preview the bytes come back in ``data`` (base64), so that what is saved is
    exactly what was previewed."""

    file = forms.FileField(label="파일", required=False, help_text=".txt, .html, .md")
    text = forms.CharField(
        label="또는 본문 붙여넣기", required=False, strip=False, widget=forms.Textarea
    )
    key = forms.CharField(
        label="수집 키",
        required=False,
        max_length=200,
        help_text="비우면 파일 이름, 없으면 내용으로 만듭니다. 같은 키는 같은 발표문을 갱신합니다.",
    )
    title = forms.CharField(label="제목", required=False, max_length=500)
    date = forms.DateField(label="일자", required=False, help_text="예: 2024-05-21")
    source_url = forms.URLField(
        label="원문 주소", required=False, max_length=1000, assume_scheme="https"
    )
    issuer = forms.CharField(label="발표 기관", required=False, max_length=200)
    data = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if "/" in key:
            raise ValidationError("수집 키에는 '/'를 쓸 수 없습니다 (발표문 주소의 일부입니다).")
        return key

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data, name = self._release_bytes(cleaned)
        key = cleaned["key"] or _key_for(name, data)
        metadata = Metadata(
            title=cleaned["title"].strip(),
            date=cleaned["date"],
            source_url=cleaned["source_url"],
            issuer=cleaned["issuer"].strip(),
        )
        try:
            # A PDF, HWPX or HWP is converted once, here: the preview posts back its text.
            text = source_from_bytes(name or "pasted.txt", data).text_bytes()
            self.source = Source(key, name or "관리자 입력", text, metadata)
            self.parsed = parse_source(self.source)
        except UnreadableInput as error:
            raise ValidationError(f"읽을 수 없는 발표문입니다: {error}") from error
        cleaned["key"] = key
        cleaned["data"] = base64.b64encode(text).decode("ascii")
        # The preview posts the bytes back: past Django's limit on a form's size that post
        # would be refused, so say so now.
        if len(cleaned["data"]) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 64 * 1024:
            raise ValidationError(
                f"{len(data):,}바이트: 관리자 화면으로 올리기에는 너무 큽니다. "
                "`manage.py ingest`로 수집하세요."
            )
        return cleaned

    def _release_bytes(self, cleaned):
        given = [bool(cleaned.get("file")), bool(cleaned["text"].strip()), bool(cleaned["data"])]
        if sum(given) != 1:
            raise ValidationError("파일을 올리거나 본문을 붙여넣으세요 (둘 중 하나만).")
        if cleaned.get("file"):
            upload = cleaned["file"]
            return upload.read(), upload.name
        if cleaned["text"].strip():
            return cleaned["text"].encode("utf-8"), ""
        try:
            return base64.b64decode(cleaned["data"], validate=True), ""
        except (binascii.Error, ValueError) as error:
            raise ValidationError("미리보기에서 넘어온 본문이 손상되었습니다.") from error

    def hidden_fields_for_saving(self):
        """The fields to post back from the preview (the bytes as ``data``)."""
        names = ("key", "title", "date", "source_url", "issuer", "data")
        return [(name, self.cleaned_data[name] or "") for name in names]


def _key_for(file_name, data):
    """A key for a release given without one: its file's name, else its content's hash."""
    stem = slugify(Path(file_name).stem, allow_unicode=True)[:150] if file_name else ""
    return stem or "admin-" + hashlib.sha256(data).hexdigest()[:16]


def _stored_metadata(announcement):
    """What was given with a stored release (where the importer records it), so that a
    re-parse keeps it over what the parser infers."""
    given = getattr(announcement, "given_fields", None) or []
    values = {name: getattr(announcement, name) for name in ("title", "date", "source_url")}
    values["issuer"] = announcement.source_name
    return Metadata(**{name: value for name, value in values.items() if name in given})


class ReleaseAdmin(AnnouncementAdmin):
    """Announcements, with an upload (file or text → preview → save) and a re-parse
    (stored text → diff → apply)."""

    change_list_template = "admin/documents/announcement/change_list.html"
    change_form_template = "admin/documents/announcement/change_form.html"
    actions = [*AnnouncementAdmin.actions, "reparse_selected"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="documents_announcement_upload"),
            path(
                "<int:pk>/reparse/", view(self.reparse_view), name="documents_announcement_reparse"
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def upload_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ReleaseForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            if "_save" in request.POST:
                return self._save_release(request, form.parsed, form.cleaned_data["key"])
            stored = Announcement.objects.filter(key=form.cleaned_data["key"]).first()
            facts = review.parsed_facts(form.parsed)
            context = self._context(
                request,
                "발표문 미리보기",
                form=form,
                parsed=form.parsed,
                groups=review.grouped(facts),
                stored=stored,
                diff=review.diff(review.stored_facts(stored), facts) if stored else None,
            )
            return TemplateResponse(request, "admin/documents/announcement/preview.html", context)
        context = self._context(request, "발표문 올리기", form=form)
        return TemplateResponse(request, "admin/documents/announcement/upload.html", context)

    def _save_release(self, request, parsed, key, force=False):
        outcome = ingest_release(parsed, key, force=force)
        announcement = Announcement.objects.get(key=key)
        words = {"created": "새로 저장했습니다", "updated": "갱신했습니다"}
        message = words.get(outcome, "이미 같은 본문으로 저장되어 있어 바꾸지 않았습니다")
        self.message_user(request, f"「{announcement.title}」: {message}.", messages.SUCCESS)
        return redirect(reverse("admin:documents_announcement_change", args=[announcement.pk]))

    def reparse_view(self, request, pk):
        announcement = get_object_or_404(Announcement, pk=pk)
        if not self.has_change_permission(request, announcement):
            return redirect("admin:index")
        change_url = reverse("admin:documents_announcement_change", args=[pk])
        source = Source(
            announcement.key,
            f"announcement {pk}",
            announcement.original_text.encode("utf-8"),
            _stored_metadata(announcement),
        )
        try:
            parsed = parse_source(source)
        except UnreadableInput as error:
            self.message_user(request, f"다시 읽을 수 없습니다: {error}", messages.ERROR)
            return redirect(change_url)
        if request.method == "POST":
            return self._save_release(request, parsed, announcement.key, force=True)
        facts = review.parsed_facts(parsed)
        context = self._context(
            request,
            f"다시 읽기: {announcement.title}",
            original=announcement,
            diff=review.diff(review.stored_facts(announcement), facts),
            change_url=change_url,
        )
        return TemplateResponse(request, "admin/documents/announcement/reparse.html", context)

    @admin.action(description="선택한 발표문 다시 읽기 (한 건)")
    def reparse_selected(self, request, queryset):
        first = queryset.order_by("pk").first()
        if queryset.count() != 1:
            message = "다시 읽기는 한 건씩 합니다: 하나만 고르세요."
            self.message_user(request, message, messages.WARNING)
            return None
        return redirect(reverse("admin:documents_announcement_reparse", args=[first.pk]))


# Registered here, not in documents.admin: saving a release is the policy layer's importer.
admin.site.register(Announcement, ReleaseAdmin)
