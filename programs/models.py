"""The policy layer: strategies and their tasks, agenda items, programs and budgets, centers.

A strategy, program or center named in several press releases is one record, found by its
``normalized_name`` (see ``documents.text.normalize_name``) and linked to every
announcement that names it through its evidence table. An evidence table may hold several
spans of one announcement, so ``record.announcements.all()`` wants ``.distinct()``.
"""

import re

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.models import (
    Announcement,
    DatePrecision,
    Evidence,
    EvidenceQuerySet,
    Lockable,
    Meeting,
    Ministry,
    QuotedSpan,
    evidence_constraints,
    unique_slug,
)
from documents.text import normalize_name


class NamedRecordQuerySet(models.QuerySet):
    def get_by_natural_key(self, normalized_name):
        return self.get(normalized_name=normalized_name)

    def matching(self, name):
        """Records whose name is ``name`` up to spacing, dots, brackets and (안)."""
        return self.filter(normalized_name=normalize_name(name))


class NamedRecord(Lockable):
    """A record identified across press releases by its normalised name."""

    # Its identity: the normalised name it was first extracted under. It stays when staff
    # rename the record, so the next import of a release naming it finds it again.
    normalized_name = models.CharField("정규화 이름", max_length=500, unique=True, editable=False)
    slug = models.SlugField("주소", max_length=200, unique=True, allow_unicode=True, editable=False)
    # Each way releases write the name, as [form, number of releases] pairs, from which the
    # shown name is chosen (documents.text.canonical_spelling) unless staff locked it.
    spellings = models.JSONField("표기", default=list, blank=True, editable=False)

    objects = NamedRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.normalized_name:
            self.normalized_name = normalize_name(self.display_name())
        if not self.slug:
            self.slug = unique_slug(type(self), self.display_name(), self.pk)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.normalized_name,)

    def display_name(self):
        raise NotImplementedError


class Strategy(NamedRecord):
    """A strategy, plan or roadmap (전략, 계획, 방안, 전략지도) the government adopted."""

    title = models.CharField("제목", max_length=500, help_text="(안) 없이 적습니다.")
    draft = models.BooleanField("안(案)", default=False)
    ministries = models.ManyToManyField(
        Ministry, related_name="strategies", blank=True, verbose_name="부처"
    )
    date = models.DateField("일자", null=True, blank=True)
    date_precision = models.CharField(
        "일자 정밀도", max_length=10, choices=DatePrecision, blank=True
    )
    summary = models.TextField("요약", blank=True)
    # When a meeting deliberated it (its adoption), apart from the days it is mentioned.
    adopted_on = models.DateField("채택일", null=True, blank=True)
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_strategies",
        verbose_name="채택 회의",
    )
    lead_ministries = models.ManyToManyField(
        Ministry,
        through="StrategyLead",
        related_name="led_strategies",
        blank=True,
        verbose_name="주관 부처",
    )
    related = models.ManyToManyField(
        "self",
        through="StrategyRelation",
        symmetrical=False,
        related_name="related_from",
        blank=True,
    )
    announcements = models.ManyToManyField(
        Announcement, through="StrategyEvidence", related_name="strategies", blank=True
    )

    class Meta:
        verbose_name = "전략·계획"
        verbose_name_plural = _("전략·계획")
        ordering = ["-date", "title"]
        # The home page's newest strategies and a year's: read off in order, not sorted;
        # with the id, the strategy list's deep pages count their ids off in it alone.
        indexes = [models.Index(fields=["-date", "title", "id"], name="strategy_order_idx")]

    def __str__(self):
        return f"{self.title}(안)" if self.draft else self.title

    def get_absolute_url(self):
        return reverse("strategy-detail", args=[self.slug])

    def display_name(self):
        return self.title


class StrategyLeadQuerySet(EvidenceQuerySet):
    def get_by_natural_key(self, strategy, ministry, announcement, start, end):
        return self.get(
            strategy__normalized_name=strategy,
            ministry__slug=ministry,
            announcement__key=announcement,
            start=start,
            end=end,
        )


class StrategyLead(QuotedSpan):
    """A ministry leading a strategy: the one that submitted or reported the agenda item
    carrying it, with that item's sentence."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="leads")
    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="strategy_leads", verbose_name="부처"
    )

    objects = StrategyLeadQuerySet.as_manager()

    class Meta(QuotedSpan.Meta):
        verbose_name = "주관 부처 근거"
        verbose_name_plural = "주관 부처 근거"
        ordering = ["strategy", "ministry", "announcement", "start"]
        constraints = [
            *QuotedSpan.Meta.constraints,
            models.UniqueConstraint(
                fields=["strategy", "ministry", "announcement", "start", "end"],
                name="strategy_lead_unique",
            ),
        ]

    def __str__(self):
        return f"{self.ministry} → {self.strategy}"

    def natural_key(self):
        return (
            *self.strategy.natural_key(),
            *self.ministry.natural_key(),
            *self.announcement.natural_key(),
            self.start,
            self.end,
        )

    natural_key.dependencies = ["programs.strategy", "documents.ministry", "documents.announcement"]


class StrategyRelationQuerySet(models.QuerySet):
    def get_by_natural_key(self, source, target, kind):
        return self.get(source__normalized_name=source, target__normalized_name=target, kind=kind)


class StrategyRelation(models.Model):
    """``source`` follows up on, or relates to, ``target``."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("후속 조치")
        RELATED = "related", _("관련")

    source = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField("관계", max_length=20, choices=Kind)

    objects = StrategyRelationQuerySet.as_manager()

    class Meta:
        verbose_name = "전략 간 관계"
        verbose_name_plural = "전략 간 관계"
        ordering = ["source", "kind", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="strategy_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="strategy_relation_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.get_kind_display()} → {self.target}"

    def natural_key(self):
        return (self.source.normalized_name, self.target.normalized_name, self.kind)

    natural_key.dependencies = ["programs.strategy"]


class StrategyTaskQuerySet(models.QuerySet):
    def get_by_natural_key(self, strategy, order):
        return self.get(strategy__normalized_name=strategy, order=order)


class StrategyTask(Lockable):
    """A pillar (전략) or task (과제) of a strategy, in the order the text gives them."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="상위 과제",
    )
    order = models.PositiveSmallIntegerField("순서")
    label = models.CharField("번호", max_length=30, blank=True, help_text="❶, 전략1, ① …")
    title = models.CharField("제목", max_length=500)
    announcements = models.ManyToManyField(
        Announcement, through="StrategyTaskEvidence", related_name="strategy_tasks", blank=True
    )

    objects = StrategyTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "전략 과제"
        verbose_name_plural = "전략 과제"
        ordering = ["strategy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "order"], name="strategy_task_order")
        ]

    def __str__(self):
        return f"{self.label} {self.title}".strip()

    def natural_key(self):
        return (*self.strategy.natural_key(), self.order)

    natural_key.dependencies = ["programs.strategy"]


class AgendaItemQuerySet(models.QuerySet):
    def get_by_natural_key(self, committee, series, number, date, normalized_title):
        meeting = Meeting.objects.get_by_natural_key(committee, series, number, date)
        return self.get(meeting=meeting, normalized_title=normalized_title)


class AgendaItem(Lockable):
    """An item (안건) put to a meeting; it usually carries a strategy or plan."""

    class Kind(models.TextChoices):
        DELIBERATION = "심의", _("심의")
        DECISION = "의결", _("의결 (심의·의결, 확정 포함)")
        REPORT = "보고", _("보고")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="회의"
    )
    number = models.PositiveSmallIntegerField("안건 번호", null=True, blank=True)
    order = models.PositiveSmallIntegerField("순서", default=0)
    title = models.CharField("안건명", max_length=500)
    normalized_title = models.CharField(max_length=500, editable=False)
    kind = models.CharField("구분", max_length=10, choices=Kind, blank=True)
    closed = models.BooleanField("비공개", default=False)
    presenting_ministries = models.ManyToManyField(
        Ministry,
        related_name="presented_agenda_items",
        blank=True,
        verbose_name="제출 부처",
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="담긴 전략",
    )
    announcements = models.ManyToManyField(
        Announcement, through="AgendaItemEvidence", related_name="agenda_items", blank=True
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = "안건"
        verbose_name_plural = _("안건")
        ordering = ["meeting", "order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "normalized_title"], name="agenda_item_title_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=Q(number__isnull=False),
                name="agenda_item_number_unique",
            ),
        ]

    def __str__(self):
        return f"제{self.number}호 {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        self.normalized_title = normalize_name(self.title)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (*self.meeting.natural_key(), self.normalized_title)

    natural_key.dependencies = ["documents.meeting", "programs.strategy"]

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.order}"


class Program(NamedRecord):
    """A funded program, project, fund or voucher (사업, 프로젝트, 펀드, 바우처)."""

    name = models.CharField("이름", max_length=500)
    ministries = models.ManyToManyField(
        Ministry, related_name="programs", blank=True, verbose_name="부처"
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name="전략",
    )
    start_year = models.PositiveSmallIntegerField("시작 연도", null=True, blank=True)
    end_year = models.PositiveSmallIntegerField("종료 연도", null=True, blank=True)
    period_text = models.CharField("기간 (원문)", max_length=100, blank=True)
    announcements = models.ManyToManyField(
        Announcement, through="ProgramEvidence", related_name="programs", blank=True
    )

    class Meta:
        verbose_name = "사업"
        verbose_name_plural = _("사업")
        ordering = ["name"]
        # The program list's order, ids included: a deep page's ids are counted off in it.
        indexes = [models.Index(fields=["name", "id"], name="program_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="program_period_order",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("program-detail", args=[self.slug])

    def display_name(self):
        return self.name


class BudgetAmountQuerySet(models.QuerySet):
    def get_by_natural_key(self, program, text):
        return self.get(program__normalized_name=program, text=text)


class BudgetAmount(Lockable):
    """A sum stated for a program: 800억원, 3년간 28억원, 10억달러."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="amounts")
    text = models.CharField("원문 표기", max_length=100)
    value = models.BigIntegerField(
        "금액", help_text="통화 단위로 환산한 값 (800억원 → 80000000000)"
    )
    currency = models.CharField("통화", max_length=3, default="KRW")
    year = models.PositiveSmallIntegerField("연도", null=True, blank=True)
    note = models.CharField("비고", max_length=200, blank=True)
    announcements = models.ManyToManyField(
        Announcement, through="BudgetAmountEvidence", related_name="budget_amounts", blank=True
    )

    objects = BudgetAmountQuerySet.as_manager()

    class Meta:
        verbose_name = "예산"
        verbose_name_plural = "예산"
        ordering = ["program", "year", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["program", "text"], name="budget_amount_unique")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.program.natural_key(), self.text)

    natural_key.dependencies = ["programs.program"]

    @property
    def amount_krw(self):
        """The amount in won, where it is stated in won; otherwise None."""
        return self.value if self.currency == "KRW" else None


class Center(NamedRecord):
    """A center or hub (센터, 거점, 본부, 연구소), opened or designated by ministries."""

    name = models.CharField("이름", max_length=300)
    region = models.CharField("권역", max_length=100, blank=True, help_text="미주, 유럽, 아시아 …")
    country = models.CharField("국가", max_length=100, blank=True)
    provisional = models.BooleanField("가칭", default=False)
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="centers",
        verbose_name="전략",
    )
    ministries = models.ManyToManyField(
        Ministry, through="CenterOperator", related_name="centers", blank=True
    )
    announcements = models.ManyToManyField(
        Announcement, through="CenterEvidence", related_name="centers", blank=True
    )

    class Meta:
        verbose_name = "센터·거점"
        verbose_name_plural = _("센터·거점")
        ordering = ["region", "name"]
        # The center list's order, ids included: a deep page's ids are counted off in it.
        indexes = [models.Index(fields=["region", "name", "id"], name="center_order_idx")]

    def __str__(self):
        return f"(가칭){self.name}" if self.provisional else self.name

    def get_absolute_url(self):
        return reverse("center-detail", args=[self.slug])

    def display_name(self):
        return self.name


class CenterOperatorQuerySet(models.QuerySet):
    def get_by_natural_key(self, center, ministry_slug):
        return self.get(center__normalized_name=center, ministry__slug=ministry_slug)


class CenterOperator(models.Model):
    """A ministry running a center, and how many of them (과기정통부 8개, 산업부 2개)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="operators")
    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="center_operations", verbose_name="부처"
    )
    count = models.PositiveSmallIntegerField("개수", null=True, blank=True)

    objects = CenterOperatorQuerySet.as_manager()

    class Meta:
        verbose_name = "센터 운영 부처"
        verbose_name_plural = "센터 운영 부처"
        ordering = ["center", "ministry"]
        constraints = [
            models.UniqueConstraint(fields=["center", "ministry"], name="center_operator_unique")
        ]

    def __str__(self):
        return f"{self.ministry} {self.count or ''}".strip()

    def natural_key(self):
        return (*self.center.natural_key(), *self.ministry.natural_key())

    natural_key.dependencies = ["programs.center", "documents.ministry"]


class StrategyEvidence(Evidence):
    record_field = "strategy"
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = "전략 근거"
        verbose_name_plural = "전략 근거"
        constraints = evidence_constraints("strategy")


class StrategyTaskEvidence(Evidence):
    record_field = "task"
    task = models.ForeignKey(StrategyTask, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = "과제 근거"
        verbose_name_plural = "과제 근거"
        constraints = evidence_constraints("task")


class AgendaItemEvidence(Evidence):
    record_field = "agenda_item"
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = "안건 근거"
        verbose_name_plural = "안건 근거"
        constraints = evidence_constraints("agenda_item")


class ProgramEvidence(Evidence):
    record_field = "program"
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="evidence")
    # The sentence that ties the program to its strategy (both named in it).
    ties_strategy = models.BooleanField("전략과 잇는 문장", default=False)

    class Meta(Evidence.Meta):
        verbose_name = "사업 근거"
        verbose_name_plural = "사업 근거"
        constraints = evidence_constraints("program")


class BudgetAmountEvidence(Evidence):
    record_field = "amount"
    amount = models.ForeignKey(BudgetAmount, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = "예산 근거"
        verbose_name_plural = "예산 근거"
        constraints = evidence_constraints("amount")


class CenterEvidence(Evidence):
    record_field = "center"
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="evidence")
    # The sentence that ties the center to its strategy (both named in it).
    ties_strategy = models.BooleanField("전략과 잇는 문장", default=False)

    class Meta(Evidence.Meta):
        verbose_name = "센터 근거"
        verbose_name_plural = "센터 근거"
        constraints = evidence_constraints("center")


_LEXEME = re.compile(r"'((?:[^']|'')*)'")


class TokensField(models.TextField):
    """Search tokens, written as text (search.token_text). On PostgreSQL the column is a
    ``tsvector`` read from that text, so the tokens are stored once, as the lexemes the GIN
    index holds; elsewhere it is the text itself, matched with LIKE. Read back, they are
    that text on every engine, so a dump of one engine loads into the other."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)

    def from_db_value(self, value, expression, connection):
        if value is None or connection.vendor != "postgresql":
            return value
        # PostgreSQL writes a tsvector as 'lexeme' 'lexeme' …, quotes doubled inside.
        lexemes = sorted(quoted.replace("''", "'") for quoted in _LEXEME.findall(value))
        return " " + " ".join(lexemes) + " " if lexemes else " "


class SearchEntryQuerySet(models.QuerySet):
    def get_by_natural_key(self, kind, key):
        return self.get(kind=kind, key=key)


class SearchEntry(models.Model):
    """One searchable record: its title and text as Korean search tokens (see search.py).

    Derived data: ``programs.search`` rebuilds it from the records; never edited by hand.
    """

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("발표문")
        STRATEGY = "strategy", _("전략·계획")
        AGENDA_ITEM = "agenda_item", _("안건")
        PROGRAM = "program", _("사업")
        CENTER = "center", _("센터·거점")

    kind = models.CharField("종류", max_length=20, choices=Kind)
    key = models.CharField("기록 키", max_length=300)
    url = models.CharField("주소", max_length=600)
    title = models.CharField("제목", max_length=500)
    body = models.TextField("본문 발췌", blank=True)
    date = models.DateField("일자", null=True, blank=True)
    # Read for the facets; a year filter is a range of dates, answered by the date's indexes.
    year = models.PositiveSmallIntegerField("연도", null=True, blank=True)
    ministries = models.ManyToManyField(Ministry, related_name="search_entries", blank=True)
    tokens = TokensField("검색 토큰")
    title_tokens = models.TextField("제목 토큰")
    # What the entry was made from (indexing.digest_of): a repair skips an entry whose
    # record still gives the same.
    digest = models.CharField("원천 요약값", max_length=32, blank=True, editable=False)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "검색 색인"
        verbose_name_plural = "검색 색인"
        ordering = ["-date", "title"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="search_entry_unique")]
        indexes = [
            models.Index(fields=["kind", "date"], name="search_entry_kind_date"),
            models.Index(fields=["-date"], name="search_entry_date"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url

    def natural_key(self):
        return (self.kind, self.key)
