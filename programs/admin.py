from django.contrib import admin

from documents.admin import LockedFieldsAdmin, evidence_inline, register_evidence, year_filter
from documents.models import Meeting, MeetingEvidence

from .importer import EVIDENCE_MODELS
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


class AgendaItemInline(admin.TabularInline):
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


class StrategyTaskInline(admin.TabularInline):
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


class BudgetAmountInline(admin.TabularInline):
    model = BudgetAmount
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
