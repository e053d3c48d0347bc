from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from policybase.caching import cached

from .models import (
    Announcement,
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


class LockedFieldsAdmin(admin.ModelAdmin):
    """Records which fields staff changed, so that a re-import leaves them as edited."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.lock(form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if isinstance(instance, Lockable) and instance.pk and inline_form.has_changed():
                instance.lock(inline_form.changed_data)
        super().save_formset(request, form, formset, change)


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
class MinistryAdmin(admin.ModelAdmin):
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
class CommitteeAdmin(admin.ModelAdmin):
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


@admin.register(Announcement)
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
        ("수집", {"fields": ("warnings", "locked_fields", "created_at", "updated_at")}),
    ]


# The source layer's evidence; the policy layer registers its own. (Statements are a
# person's own words, with an admin of their own above.)
register_evidence(MeetingEvidence, PersonEvidence)
