"""The fields of each policy-layer record, defined once (see documents/serializers.py)."""

from rest_framework import serializers

from documents.serializers import EvidenceSerializer, LinkField, MinistryRefSerializer, absolute

from .models import (
    AgendaItem,
    BudgetAmount,
    Center,
    CenterOperator,
    Program,
    SearchEntry,
    Strategy,
    StrategyTask,
)


class StrategySerializer(serializers.ModelSerializer):
    """A strategy as a list shows it (prefetch ``ministries``)."""

    url = LinkField(source="*")
    ministries = MinistryRefSerializer(many=True)

    class Meta:
        model = Strategy
        fields = ["url", "slug", "title", "draft", "date", "ministries"]


class StrategyLeadSerializer(EvidenceSerializer):
    """A lead ministry of a strategy, with the sentence that says so."""

    ministry = MinistryRefSerializer()


class StrategyTaskSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True)

    class Meta:
        model = StrategyTask
        fields = ["order", "label", "title", "evidence"]


class StrategyDetailSerializer(StrategySerializer):
    """A strategy whole (select ``adopted_at__committee``; prefetch its tasks' evidence)."""

    adopted_at = LinkField()
    tasks = StrategyTaskSerializer(many=True)

    class Meta(StrategySerializer.Meta):
        fields = [
            *StrategySerializer.Meta.fields,
            "date_precision",
            "summary",
            "adopted_on",
            "adopted_at",
            "tasks",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    """An agenda item of a meeting (select ``meeting__committee`` and ``strategy``)."""

    url = LinkField(source="*")
    meeting = LinkField()
    meeting_name = serializers.CharField(source="meeting.name")
    meeting_date = serializers.DateField(source="meeting.date")
    strategy = LinkField()

    class Meta:
        model = AgendaItem
        fields = [
            "url",
            "meeting",
            "meeting_name",
            "meeting_date",
            "number",
            "order",
            "title",
            "kind",
            "closed",
            "strategy",
        ]


class BudgetAmountSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetAmount
        fields = ["text", "value", "currency", "year", "note"]


class BudgetAmountDetailSerializer(BudgetAmountSerializer):
    evidence = EvidenceSerializer(many=True)

    class Meta(BudgetAmountSerializer.Meta):
        fields = [*BudgetAmountSerializer.Meta.fields, "evidence"]


class ProgramSerializer(serializers.ModelSerializer):
    """A program as a list shows it (prefetch ``amounts`` and ``ministries``)."""

    url = LinkField(source="*")
    ministries = MinistryRefSerializer(many=True)
    amounts = BudgetAmountSerializer(many=True)

    class Meta:
        model = Program
        fields = ["url", "slug", "name", "ministries", "amounts"]


class ProgramDetailSerializer(ProgramSerializer):
    """A program whole (select ``strategy``; prefetch amounts with their evidence)."""

    strategy = LinkField()
    amounts = BudgetAmountDetailSerializer(many=True)

    class Meta(ProgramSerializer.Meta):
        fields = [
            *ProgramSerializer.Meta.fields,
            "start_year",
            "end_year",
            "period_text",
            "strategy",
        ]


class CenterSerializer(serializers.ModelSerializer):
    url = LinkField(source="*")

    class Meta:
        model = Center
        fields = ["url", "slug", "name", "provisional", "region", "country"]


class CenterOperatorSerializer(serializers.ModelSerializer):
    ministry = MinistryRefSerializer()

    class Meta:
        model = CenterOperator
        fields = ["ministry", "count"]


class CenterDetailSerializer(CenterSerializer):
    """A center whole (select ``strategy``; prefetch ``operators__ministry``)."""

    strategy = LinkField()
    operators = CenterOperatorSerializer(many=True)

    class Meta(CenterSerializer.Meta):
        fields = [*CenterSerializer.Meta.fields, "strategy", "operators"]


class SearchResultSerializer(serializers.ModelSerializer):
    """One search result: the record's kind, key, page, title, an excerpt and its date."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = SearchEntry
        fields = ["kind", "key", "url", "title", "date", "body"]

    def get_url(self, entry) -> str:
        return absolute(self.context, entry.url)
