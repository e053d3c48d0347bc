import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from reversion.admin import VersionAdmin

from policybase.caching import cached

from .models import (
    Committee,
    Lockable,
    MeetingEvidence,
    Ministry,
    MinistryAlias,
    Person,
    PersonEvidence,
    Reorganisation,
    Statement,
)


def normalised(value):
    """A form value as it means, not as it was typed: a textarea's CRLF and trailing spaces,
    a JSON box's layout, the order of a multiple choice and a record against its id all
    compare alike, so that a form saved untouched changes (and locks) nothing."""
    if isinstance(value, str):
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        items = [normalised(item) for item in value]
        if isinstance(value, (set, models.QuerySet)) or all(
            isinstance(item, models.Model) for item in value
        ):
            return sorted(items, key=repr)  # a set of records: their order means nothing
        return items
    if isinstance(value, dict):
        return {key: normalised(item) for key, item in value.items()}
    if value is None:
        return ""
    return value


class LockableForm(forms.ModelForm):
    """The admin form of a record the importer updates.

    ``changed_data`` names only the fields whose value changed once normalised (see
    ``normalised``); a field that changed only in its writing keeps its stored value. The
    locked fields are checkboxes of the model's field names, and ``verified`` records that
    staff checked the record."""

    verified = forms.BooleanField(
        label="검토 완료",
        required=False,
        help_text="원문과 대조해 확인했으면 체크하세요 (검토자와 시각이 기록됩니다).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        if "locked_fields" in self.fields and hasattr(model, "lockable_field_names"):
            self.fields["locked_fields"] = self._locked_fields_field(model)
        if self.instance.pk is not None and hasattr(self.instance, "verified_at"):
            self.initial.setdefault("verified", self.instance.verified_at is not None)

    def _locked_fields_field(self, model):
        names = model.lockable_field_names()
        # A name stored before a field was removed stays listed, so saving does not drop it.
        names += [name for name in self.initial.get("locked_fields") or [] if name not in names]
        choices = []
        for name in names:
            try:
                choices.append((name, f"{model._meta.get_field(name).verbose_name} ({name})"))
            except FieldDoesNotExist:
                choices.append((name, name))
        return forms.MultipleChoiceField(
            label=model._meta.get_field("locked_fields").verbose_name,
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="체크된 필드는 재수집 때 덮어쓰지 않습니다. 고친 필드는 저장할 때 "
            "자동으로 체크됩니다.",
        )

    def clean_locked_fields(self):
        return sorted(self.cleaned_data.get("locked_fields") or [])

    @property
    def changed_data(self):
        typed = forms.ModelForm.changed_data.func(self)
        cleaned = getattr(self, "cleaned_data", None)
        if cleaned is None:  # not validated yet (an empty extra form): as typed
            return typed
        return [
            name
            for name in typed
            if name not in cleaned
            or normalised(cleaned[name]) != normalised(self._initial_value(name))
        ]

    def _initial_value(self, name):
        return self.get_initial_for_field(self.fields[name], name)

    def _post_clean(self):
        super()._post_clean()
        # A field changed only in its writing keeps the stored value (no CRLF body, no
        # re-ordered list written back).
        changed = set(self.changed_data)
        for field in self.instance._meta.concrete_fields:
            name = field.name
            unchanged = name in self.cleaned_data and name not in changed
            if unchanged and not field.is_relation and name in self.initial:
                setattr(self.instance, field.attname, self.initial[name])


# Not kept in versions: the release's text and what is derived from it, which staff cannot
# edit (read-only in the form) and which run to tens of kilobytes each.
VERSION_EXCLUDES = ("original_text", "text", "body_html")


class LockedFieldsAdmin(VersionAdmin):
    """Records which fields staff changed, so that a re-import leaves them as edited; shows
    whether the record is as extracted or verified by staff (who, when); keeps each admin
    save as a version (django-reversion: the history page says who changed what)."""

    form = LockableForm
    actions = ["mark_verified", "mark_unverified"]

    def __init__(self, model, admin_site):
        # Registered without following the inlines: a minister's thousands of evidence
        # rows are not copied into every version of him.
        if not reversion.is_registered(model):
            reversion.register(model, exclude=VERSION_EXCLUDES)
        super().__init__(model, admin_site)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "review_state")

    def get_list_display(self, request):
        return (*super().get_list_display(request), "is_verified")

    @admin.display(description="검토 상태")
    def review_state(self, obj):
        return review_state(obj)

    @admin.display(description="검토", boolean=True)
    def is_verified(self, obj):
        return obj.verified_at is not None

    def save_model(self, request, obj, form, change):
        if change:
            editable = set(obj.lockable_field_names())
            obj.lock(name for name in form.changed_data if name in editable)
        if "verified" in form.changed_data:
            if form.cleaned_data["verified"]:
                obj.verify(request.user)
            else:
                obj.unverify()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if isinstance(instance, Lockable) and instance.pk and inline_form.has_changed():
                editable = set(instance.lockable_field_names())
                instance.lock(name for name in inline_form.changed_data if name in editable)
        super().save_formset(request, form, formset, change)

    @admin.action(description="선택한 항목을 검토 완료로 표시")
    def mark_verified(self, request, queryset):
        self._set_verified(request, queryset, verified=True)

    @admin.action(description="선택한 항목의 검토 표시 해제")
    def mark_unverified(self, request, queryset):
        self._set_verified(request, queryset, verified=False)

    def _set_verified(self, request, queryset, verified):
        comment = "검토 완료" if verified else "검토 해제"
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            for obj in queryset:
                obj.verify(request.user) if verified else obj.unverify()
                obj.save(update_fields=["verified_by", "verified_at"])
                self.log_change(request, obj, comment)
        self.message_user(request, f"{len(queryset)}건: {comment}", messages.SUCCESS)


class LockableInlineMixin:
    """An inline of records the importer updates: the same normalised comparison."""

    form = LockableForm


def review_state(obj):
    """ "기계 추출" or who verified the record and when."""
    if obj.verified_at is None:
        return "기계 추출 (검토 전)"
    who = obj.verified_by.get_username() if obj.verified_by else "삭제된 사용자"
    return f"검토 완료: {who}, {obj.verified_at:%Y-%m-%d %H:%M}"


def year_filter(field_path, title="연도"):
    """A list filter offering each year that ``field_path`` (a date) takes. Finding them
    reads every row's date (130-160 ms at 1,000,000 announcements), so they are found once
    per data version. (Django's date_hierarchy finds them again on every view: the large
    tables have this filter instead.)"""

    class YearFilter(admin.SimpleListFilter):
        parameter_name = "year"

        def lookups(self, request, model_admin):
            def years():
                dates = model_admin.model._default_manager.dates(field_path, "year", "DESC")
                return [day.year for day in dates]

            key = f"admin-years:{model_admin.model._meta.label_lower}:{field_path}"
            return [(str(year), str(year)) for year in cached(key, years)]

        def queryset(self, request, queryset):
            value = self.value()
            # A hand-typed ?year=abc filters nothing rather than failing.
            if value and value.isdigit():
                return queryset.filter(**{f"{field_path}__year": int(value)})
            return queryset

    YearFilter.title = title
    return YearFilter


# A record's form shows its newest INLINE_ROWS sentences of a kind and links to the list
# of all of them: a minister named in 2,500 announcements made a form of 9 MB and 2,554
# queries (10 s), each row's announcement field looking its announcement up on its own.
INLINE_ROWS = 20


class NewestRows:
    """An inline of the rows of ``model`` that point to the record by ``parent_field``:
    the newest INLINE_ROWS of them; when there are more, its heading links to all."""

    parent_field = None

    def get_formset(self, request, obj=None, **kwargs):
        self.record = obj  # an inline instance serves one request
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        record = getattr(self, "record", None)
        if record is None:
            return rows
        mine = self.model._default_manager.filter(**{self.parent_field: record})
        newest = list(mine.order_by("-pk").values_list("pk", flat=True)[: INLINE_ROWS + 1])
        if len(newest) > INLINE_ROWS:
            self.verbose_name_plural = self._heading_linking_all(record, mine.count())
        return rows.filter(pk__in=newest[:INLINE_ROWS])

    def _heading_linking_all(self, record, total):
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        url += "?" + urlencode({f"{self.parent_field}__id__exact": record.pk})
        return format_html(
            '{} (최근 {}건, <a href="{}">모두 {}건 보기</a>)',
            opts.verbose_name_plural,
            INLINE_ROWS,
            url,
            f"{total:,}",
        )


class EvidenceInline(NewestRows, admin.TabularInline):
    """The sentences a record was drawn from, with their offsets into the text."""

    extra = 0
    fields = ("announcement", "start", "end", "quote")
    autocomplete_fields = ("announcement",)


def evidence_inline(evidence_model):
    return type(
        f"{evidence_model.__name__}Inline",
        (EvidenceInline,),
        {"model": evidence_model, "parent_field": evidence_model.record_field},
    )


class EvidenceAdmin(admin.ModelAdmin):
    """Every sentence of one kind, newest first: where a record's form links to all of its
    own (filtered by the record)."""

    list_display = ("__str__", "announcement", "start", "end")
    list_select_related = ("announcement",)
    ordering = ("-pk",)  # the model's order (by announcement) would sort every row
    show_full_result_count = False


def register_evidence(*evidence_models):
    """Give each kind of evidence a list and a form of its own (see NewestRows)."""
    for model in evidence_models:
        record = model.record_field
        options = {
            "fields": (record, "announcement", "start", "end", "quote"),
            "autocomplete_fields": (record, "announcement"),
        }
        admin.site.register(model, type(f"{model.__name__}Admin", (EvidenceAdmin,), options))


class MinistryAliasInline(admin.TabularInline):
    model = MinistryAlias
    extra = 1


class SuccessorInline(admin.TabularInline):
    model = Reorganisation
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ("successor",)
    verbose_name = "후신"
    verbose_name_plural = "후신 (이 부처가 바뀐 곳)"


class PredecessorInline(admin.TabularInline):
    model = Reorganisation
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ("predecessor",)
    verbose_name = "전신"
    verbose_name_plural = "전신 (이 부처의 앞선 이름)"


@admin.register(Ministry)
class MinistryAdmin(VersionAdmin):
    list_display = ("name", "short_name", "acronym", "kind", "established", "abolished")
    list_filter = ("kind", year_filter("established", "출범 연도"), "abolished")
    search_fields = ("name", "short_name", "name_en", "acronym", "aliases__name")
    date_hierarchy = "established"
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [MinistryAliasInline, PredecessorInline, SuccessorInline]


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "date", "kind")
    list_filter = ("kind", year_filter("date"))
    list_select_related = ("predecessor", "successor")
    search_fields = ("predecessor__name", "successor__name", "note")
    date_hierarchy = "date"
    autocomplete_fields = ("predecessor", "successor")


@admin.register(Committee)
class CommitteeAdmin(VersionAdmin):
    list_display = ("name", "short_name", "parent", "ministry")
    list_filter = (("ministry", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("parent", "ministry")
    search_fields = ("name", "short_name", "name_en")
    autocomplete_fields = ("parent", "ministry")


class StatementInline(NewestRows, admin.StackedInline):
    model = Statement
    parent_field = "person"
    extra = 0
    fields = ("announcement", "start", "end", "quote")
    autocomplete_fields = ("announcement",)


@admin.register(Person)
class PersonAdmin(LockedFieldsAdmin):
    list_display = ("name", "title", "ministry")
    list_filter = (("ministry", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("ministry",)
    search_fields = ("name", "title")
    autocomplete_fields = ("ministry",)
    inlines = [StatementInline, evidence_inline(PersonEvidence)]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("person", "short_quote", "announcement")
    list_filter = (
        ("person__ministry", admin.RelatedOnlyFieldListFilter),
        year_filter("announcement__date"),
    )
    list_select_related = ("person", "announcement")
    search_fields = ("quote", "person__name")
    autocomplete_fields = ("person", "announcement")

    @admin.display(description="발언")
    def short_quote(self, obj):
        return obj.quote[:80]


# Registered by programs.admin, which adds the upload and the re-parse (they save through
# the policy layer's importer, which this layer must not import).
class AnnouncementAdmin(LockedFieldsAdmin):
    list_display = ("title", "date", "date_inferred", "kind", "source_name")
    list_filter = (
        "kind",
        "date_inferred",
        year_filter("date"),
        # Every ministry, not only those that issued (which joins every announcement).
        "issuing_ministries",
    )
    search_fields = ("title", "key", "source_name")
    show_full_result_count = False  # one count of every row is enough
    autocomplete_fields = ("issuing_ministries", "mentioned_ministries", "meeting")
    readonly_fields = ("original_text", "text", "content_hash", "created_at", "updated_at")
    # Django 6's default, now: a source URL pasted without a scheme becomes https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ("key", "title", "subtitles", "kind", "meeting")}),
        ("일자", {"fields": ("date", "date_precision", "date_inferred")}),
        ("출처", {"fields": ("source_name", "source_url", "contacts")}),
        ("부처", {"fields": ("issuing_ministries", "mentioned_ministries")}),
        ("본문", {"fields": ("body_markdown", "original_text", "text", "content_hash")}),
        ("수집", {"fields": ("warnings", "created_at", "updated_at")}),
        ("검토", {"fields": ("review_state", "verified", "locked_fields")}),
    ]


# The source layer's evidence; the policy layer registers its own. (Statements are a
# person's own words, with an admin of their own above.)
register_evidence(MeetingEvidence, PersonEvidence)
