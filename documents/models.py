"""The source layer: ministries, deliberative bodies, meetings, press releases, people.

Every record that the parser draws from text keeps its provenance in an evidence table
(a ``QuotedSpan``): the announcement, character offsets into that announcement's
normalised ``text``, and the quoted sentence itself.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .text import committee_name_problem


def slug_base(text, max_length=180):
    """The slug ``text`` has if no other record has it (see unique_slug)."""
    return slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"


def unique_slug(model, text, pk=None, max_length=180):
    """A readable URL slug for ``text`` (Hangul kept), unique by construction: two names
    that slugify alike ("｢글로벌 CBPR 포럼" / "글로벌 CBPR 포럼") get -2, -3, ..."""
    base = slug_base(text, max_length)
    slug, number = base, 1
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        number += 1
        slug = f"{base[: max_length - len(str(number)) - 1]}-{number}"
    return slug


class DatePrecision(models.TextChoices):
    DAY = "day", "일"
    MONTH = "month", "월"
    YEAR = "year", "연도"


class Lockable(models.Model):
    """A record the importer updates, whose hand-edited fields it must leave alone."""

    locked_fields = models.JSONField(
        "잠긴 필드",
        default=list,
        blank=True,
        help_text="관리자가 직접 고친 필드: 재수집(re-import) 때 덮어쓰지 않습니다.",
    )

    # Who on the staff checked the record against its sources, and when; empty while it is
    # as the parser extracted it. Set in the admin (a checkbox, or an action on a list).
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="검토자",
    )
    verified_at = models.DateTimeField("검토 시각", null=True, blank=True, editable=False)

    # Not editable by hand, not locked: the record's identity and its derived fields.
    UNLOCKABLE = ("id", "locked_fields", "verified_by", "verified_at")

    class Meta:
        abstract = True

    @property
    def edited_by_staff(self):
        """Whether staff changed or verified the record (the public pages mark it)."""
        return bool(self.locked_fields) or self.verified_at is not None

    def edited_field_labels(self):
        """The names, as readers know them, of the fields staff changed by hand."""
        labels = []
        for name in self.locked_fields:
            try:
                labels.append(str(self._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:  # a field since removed: its stored name is all there is
                labels.append(name)
        return labels

    @classmethod
    def lockable_field_names(cls):
        """The fields staff can edit and so lock: every editable field but the bookkeeping."""
        return [
            field.name
            for field in cls._meta.get_fields()
            if getattr(field, "editable", False)
            and not field.auto_created
            and (field.concrete or field.many_to_many)
            and field.name not in cls.UNLOCKABLE
        ]

    def verify(self, user):
        self.verified_by, self.verified_at = user, timezone.now()

    def unverify(self):
        self.verified_by, self.verified_at = None, None

    def lock(self, field_names):
        """Mark fields as edited by hand, so later imports keep their values."""
        names = set(self.locked_fields) | {n for n in field_names if n != "locked_fields"}
        self.locked_fields = sorted(names)

    def assign_unlocked(self, values):
        """Set every unlocked field to its new value; return the names that changed."""
        changed = []
        for name, value in values.items():
            if name in self.locked_fields or self._holds(name, value):
                continue
            setattr(self, name, value)
            changed.append(name)
        return changed

    def _holds(self, name, value):
        """Whether field ``name`` holds ``value``; a related record is compared by its id,
        without reading the one held."""
        field = self._meta.get_field(name)
        if field.many_to_one and (value is None or value.pk is not None):
            return getattr(self, field.attname) == (value.pk if value is not None else None)
        return getattr(self, name) == value

    def set_unlocked_m2m(self, name, objects):
        """Replace a many-to-many field unless it is locked; return whether it changed."""
        if name in self.locked_fields:
            return False
        manager = getattr(self, name)
        wanted = {obj.pk for obj in objects}
        if set(manager.values_list("pk", flat=True)) == wanted:
            return False
        manager.set(objects)
        return True


class MinistryQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def active_on(self, day):
        """Ministries that existed under their name on ``day``."""
        return self.filter(
            Q(established__isnull=True) | Q(established__lte=day),
            Q(abolished__isnull=True) | Q(abolished__gt=day),
        )

    def named(self, name):
        """Ministries whose full name or one of whose aliases is ``name``."""
        return self.filter(Q(name=name) | Q(aliases__name=name)).distinct()


class Ministry(models.Model):
    """A central government organisation under one name, from its founding to its rename."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("부")
        AGENCY = "agency", _("청")
        OFFICE = "office", _("처·실")
        COMMISSION = "commission", _("위원회")

    slug = models.SlugField("식별자", max_length=60, unique=True)
    name = models.CharField("이름", max_length=100, db_index=True)
    short_name = models.CharField("약칭", max_length=50, blank=True)
    name_en = models.CharField("영문 이름", max_length=200, blank=True)
    acronym = models.CharField("영문 약어", max_length=20, blank=True)
    kind = models.CharField("종류", max_length=20, choices=Kind, default=Kind.MINISTRY)
    established = models.DateField("출범일", null=True, blank=True)
    abolished = models.DateField(
        "폐지·개편일", null=True, blank=True, help_text="이 이름으로 존재한 마지막 날의 다음 날"
    )
    note = models.TextField("비고", blank=True)
    successors = models.ManyToManyField(
        "self",
        through="Reorganisation",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    objects = MinistryQuerySet.as_manager()

    class Meta:
        verbose_name = "부처"
        verbose_name_plural = _("부처")
        ordering = ["name", "established"]
        constraints = [
            models.UniqueConstraint(fields=["name", "established"], name="ministry_name_per_era"),
            models.CheckConstraint(
                condition=Q(abolished__isnull=True)
                | Q(established__isnull=True)
                | Q(abolished__gt=F("established")),
                name="ministry_abolished_after_established",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ministry-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def period(self):
        """ "2017–" or "2008–2013": the years it existed under this name."""
        start = self.established.year if self.established else ""
        end = self.abolished.year if self.abolished else ""
        return f"{start}–{end}" if start or end else ""


class MinistryAliasQuerySet(models.QuerySet):
    def get_by_natural_key(self, ministry_slug, name):
        return self.get(ministry__slug=ministry_slug, name=name)


class MinistryAlias(models.Model):
    """Another name a ministry goes by: 과기정통부, 산업부, 기재부."""

    ministry = models.ForeignKey(Ministry, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("별칭", max_length=100, db_index=True)

    objects = MinistryAliasQuerySet.as_manager()

    class Meta:
        verbose_name = "부처 별칭"
        verbose_name_plural = "부처 별칭"
        ordering = ["ministry", "name"]
        constraints = [
            models.UniqueConstraint(fields=["ministry", "name"], name="ministry_alias_unique")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.ministry.natural_key(), self.name)

    natural_key.dependencies = ["documents.ministry"]


class ReorganisationQuerySet(models.QuerySet):
    def get_by_natural_key(self, predecessor_slug, successor_slug):
        return self.get(predecessor__slug=predecessor_slug, successor__slug=successor_slug)


class Reorganisation(models.Model):
    """One step of a government reorganisation: a ministry renamed, merged, split."""

    class Kind(models.TextChoices):
        RENAMED = "renamed", _("개칭")
        MERGED = "merged", _("통합")
        SPLIT = "split", _("분리")
        TRANSFERRED = "transferred", _("기능 이관")

    predecessor = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="reorganisations_out"
    )
    successor = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="reorganisations_in"
    )
    date = models.DateField("시행일")
    kind = models.CharField("종류", max_length=20, choices=Kind)
    note = models.CharField("비고", max_length=300, blank=True)

    objects = ReorganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "정부 조직 개편"
        verbose_name_plural = "정부 조직 개편"
        ordering = ["date", "predecessor"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="reorganisation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="reorganisation_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.date:%Y-%m-%d})"

    def natural_key(self):
        return (*self.predecessor.natural_key(), *self.successor.natural_key())

    natural_key.dependencies = ["documents.ministry"]


class CommitteeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Committee(models.Model):
    """A deliberative body (회의체) that holds numbered meetings."""

    slug = models.SlugField("식별자", max_length=80, unique=True, allow_unicode=True)
    name = models.CharField("이름", max_length=200, unique=True)
    short_name = models.CharField("약칭", max_length=100, blank=True)
    name_en = models.CharField("영문 이름", max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subcommittees",
        verbose_name="상위 회의체",
    )
    ministry = models.ForeignKey(
        Ministry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committees",
        verbose_name="간사 부처",
    )
    description = models.TextField("설명", blank=True)
    series_starts = models.JSONField(
        "회차 재시작일",
        default=list,
        blank=True,
        help_text="번호를 제1회부터 다시 센 날들 (YYYY-MM-DD): 그날부터 계열이 하나씩 늘어납니다.",
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = "회의체"
        verbose_name_plural = "회의체"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committee-detail", args=[self.slug])

    def clean(self):
        problem = committee_name_problem(self.name)
        if problem:
            raise ValidationError({"name": f"회의체 이름이 아닙니다 ({problem})"})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["documents.ministry"]


class PersonQuerySet(models.QuerySet):
    def get_by_natural_key(self, name, title):
        return self.get(name=name, title=title)


class Person(Lockable):
    """Someone quoted or named in a press release, under the title they held there."""

    name = models.CharField("이름", max_length=50)
    title = models.CharField("직함", max_length=200, blank=True)
    slug = models.SlugField("주소", max_length=260, unique=True, allow_unicode=True, editable=False)
    ministry = models.ForeignKey(
        Ministry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="소속 부처",
    )
    announcements = models.ManyToManyField(
        "Announcement", through="PersonEvidence", related_name="people", blank=True
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "인물"
        verbose_name_plural = _("인물")
        ordering = ["name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["name", "title"], name="person_name_title_unique")
        ]

    def __str__(self):
        return f"{self.name} {self.title}".strip()

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, f"{self.name} {self.title}", self.pk, max_length=250)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person-detail", args=[self.slug])

    def natural_key(self):
        return (self.name, self.title)

    natural_key.dependencies = ["documents.ministry"]


class MeetingQuerySet(models.QuerySet):
    def get_by_natural_key(self, committee_slug, series, number, date):
        return self.get(committee__slug=committee_slug, series=series, number=number, date=date)


class Meeting(Lockable):
    """A meeting of a body; its number counts within a series, which restarts the count."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name="회의체"
    )
    series = models.PositiveSmallIntegerField(
        "회차 계열", default=1, help_text="번호가 새로 시작되면 2, 3, …"
    )
    number = models.PositiveIntegerField("회차", null=True, blank=True)
    name = models.CharField("회의 이름", max_length=300)
    date = models.DateField("일자", null=True, blank=True)
    date_inferred = models.BooleanField("일자 추정", default=False)
    venue = models.CharField("장소", max_length=300, blank=True)
    chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name="주재",
    )
    announcements = models.ManyToManyField(
        "Announcement", through="MeetingEvidence", related_name="meetings", blank=True
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "회의"
        verbose_name_plural = _("회의")
        ordering = ["committee", "series", "number", "date"]
        # A year page's newest meetings: read off in date order, not sorted.
        indexes = [models.Index(fields=["-date"], name="meeting_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "series", "number"],
                condition=Q(number__isnull=False),
                name="meeting_number_unique_in_series",
            ),
            models.UniqueConstraint(
                fields=["committee", "date"],
                condition=Q(number__isnull=True),
                name="meeting_unnumbered_unique_per_day",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meeting-detail", args=[self.committee.slug, self.url_part()])

    def url_part(self):
        """ "2-1" (series 2, 제1회), or the date of an unnumbered meeting."""
        if self.number is not None:
            return f"{self.series}-{self.number}"
        return self.date.isoformat() if self.date else "undated"

    def natural_key(self):
        date = self.date.isoformat() if self.date else None
        return (*self.committee.natural_key(), self.series, self.number, date)

    natural_key.dependencies = ["documents.committee", "documents.person"]


class AnnouncementQuerySet(models.QuerySet):
    def get_by_natural_key(self, key):
        return self.get(key=key)

    def listed(self):
        """Only what a list row shows (the texts are large)."""
        return self.only("key", "title", "date", "date_inferred", "kind")

    def without_texts(self):
        """All but the texts, which a page reads only to render a body it has not cached."""
        return self.defer(*Announcement.TEXTS)


class Announcement(Lockable):
    """A press release, or a copy of one (news article, board post, blog rewrite)."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", _("보도자료")
        BOARD_POST = "board_post", _("게시글")
        NEWS_ARTICLE = "news_article", _("기사")
        BLOG_COPY = "blog_copy", _("블로그 게시물")
        EXPLANATION = "explanation", _("설명자료")
        MEETING_RESULT = "meeting_result", _("회의 결과")
        REPORT = "report", _("보고서")
        OTHER = "other", _("기타")

    key = models.CharField(
        "수집 키", max_length=200, unique=True, help_text="같은 원문을 다시 수집할 때 찾는 키"
    )
    title = models.CharField("제목", max_length=500)
    subtitles = models.JSONField("부제", default=list, blank=True)
    date = models.DateField("일자", null=True, blank=True)
    date_precision = models.CharField(
        "일자 정밀도", max_length=10, choices=DatePrecision, blank=True
    )
    date_inferred = models.BooleanField("일자 추정", default=False)
    kind = models.CharField("종류", max_length=20, choices=Kind, default=Kind.PRESS_RELEASE)
    source_name = models.CharField("출처", max_length=200, blank=True)
    source_url = models.URLField("원문 주소", max_length=1000, blank=True)
    issuing_ministries = models.ManyToManyField(
        Ministry, related_name="issued_announcements", blank=True, verbose_name="발표 부처"
    )
    mentioned_ministries = models.ManyToManyField(
        Ministry, related_name="mentioning_announcements", blank=True, verbose_name="언급 부처"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="보고 대상 회의",
    )
    contacts = models.JSONField("문의처", default=list, blank=True)
    original_text = models.TextField("원문")
    text = models.TextField("정규화 본문", help_text="근거 위치(offset)가 가리키는 본문")
    body_markdown = models.TextField("정리된 본문 (Markdown)", blank=True)
    # Derived, not edited: rendered from body_markdown and the evidence whenever either is
    # written (programs.bodies), sanitised there, so a page prints it as it is.
    body_html = models.TextField("본문 (HTML)", blank=True, editable=False)
    content_hash = models.CharField("내용 해시", max_length=64, db_index=True)
    # What the release was read from (bytes, given metadata) and the parser that read it:
    # a re-run skips a release whose source hash is unchanged without parsing it again.
    source_hash = models.CharField("원본 해시", max_length=64, blank=True, editable=False)
    warnings = models.JSONField("파싱 경고", default=list, blank=True)
    given_fields = models.JSONField(
        "주어진 메타데이터",
        default=list,
        blank=True,
        help_text="수집 자료가 함께 준 필드(title, date, source_url, issuer): 파서의 추론보다 우선",
    )
    # Plain defaults, not auto_now: fixtures leave them out and loaddata must still fill them.
    created_at = models.DateTimeField("수집 시각", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("갱신 시각", default=timezone.now, editable=False)

    objects = AnnouncementQuerySet.as_manager()

    # The large fields (3-60 KB each), which pages that only link an announcement leave unread.
    TEXTS = ("original_text", "text", "body_markdown")

    class Meta:
        verbose_name = "발표문"
        verbose_name_plural = _("발표문")
        ordering = ["-date", "key"]
        indexes = [
            models.Index(fields=["date"], name="announcement_date_idx"),
            # The order of every announcement list: newest first, then by key. The id makes
            # it covering, so a deep page's offset is counted in the index alone.
            models.Index(fields=["-date", "key", "id"], name="announcement_order_idx"),
            # A ministry's newest date joins its links to their announcements' dates: read
            # from this index alone instead of from the table (documents.views).
            models.Index(fields=["id", "date"], name="announcement_id_date_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("announcement-detail", args=[self.key])

    @property
    def source_link(self):
        """The source URL if a page may link it: http or https only (an archive may give a
        javascript: or data: address)."""
        scheme = self.source_url.split(":", 1)[0].strip().lower()
        return self.source_url if scheme in ("http", "https") else ""

    def natural_key(self):
        return (self.key,)

    natural_key.dependencies = ["documents.ministry", "documents.meeting"]


class QuotedSpanQuerySet(models.QuerySet):
    def with_announcement(self):
        """Each span with the announcement it stands in, to link to: without its texts."""
        texts = [f"announcement__{name}" for name in Announcement.TEXTS]
        return self.select_related("announcement").defer(*texts)


class QuotedSpan(models.Model):
    """Where a fact stands in an announcement: offsets into its ``text`` and the quote."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="%(class)s_set"
    )
    start = models.PositiveIntegerField("시작 위치")
    end = models.PositiveIntegerField("끝 위치")
    quote = models.TextField("인용문")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="%(app_label)s_%(class)s_span_order"
            )
        ]

    def clean(self):
        super().clean()
        if self.announcement_id and self.announcement.text[self.start : self.end] != self.quote:
            raise ValidationError({"quote": "인용문이 본문의 해당 위치와 일치하지 않습니다."})


def evidence_constraints(record_field):
    """The constraints of an evidence table: ordered span, one row per record and place."""
    return [
        *QuotedSpan.Meta.constraints,
        models.UniqueConstraint(
            fields=[record_field, "announcement", "start", "end"],
            name="%(app_label)s_%(class)s_unique",
        ),
    ]


class EvidenceQuerySet(QuotedSpanQuerySet):
    def get_by_natural_key(self, *key):
        """Look up by the record's natural key, then announcement key, start and end."""
        record_field = self.model.record_field
        record_model = self.model._meta.get_field(record_field).related_model
        *record_key, announcement_key, start, end = key
        return self.get(
            **{record_field: record_model.objects.get_by_natural_key(*record_key)},
            announcement__key=announcement_key,
            start=start,
            end=end,
        )


class Evidence(QuotedSpan):
    """The provenance of a record in one announcement; concrete tables name the record."""

    record_field = None

    objects = EvidenceQuerySet.as_manager()

    class Meta(QuotedSpan.Meta):
        abstract = True
        ordering = ["announcement", "start"]

    def __str__(self):
        return self.quote[:80]

    def natural_key(self):
        record = getattr(self, self.record_field)
        return (*record.natural_key(), *self.announcement.natural_key(), self.start, self.end)


class MeetingEvidence(Evidence):
    record_field = "meeting"
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = "회의 근거"
        verbose_name_plural = "회의 근거"
        constraints = evidence_constraints("meeting")


class PersonEvidence(Evidence):
    record_field = "person"
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = "인물 근거"
        verbose_name_plural = "인물 근거"
        constraints = evidence_constraints("person")


class StatementQuerySet(QuotedSpanQuerySet):
    def get_by_natural_key(self, announcement_key, start, end):
        return self.get(announcement__key=announcement_key, start=start, end=end)


class Statement(QuotedSpan):
    """Words a person is quoted as saying in an announcement; the span is the quote."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="statements", verbose_name="인물"
    )

    objects = StatementQuerySet.as_manager()

    class Meta(QuotedSpan.Meta):
        verbose_name = "발언"
        verbose_name_plural = "발언"
        ordering = ["announcement", "start"]
        constraints = [
            *QuotedSpan.Meta.constraints,
            models.UniqueConstraint(
                fields=["announcement", "start", "end"], name="statement_unique_span"
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.quote[:60]}"

    def natural_key(self):
        return (*self.announcement.natural_key(), self.start, self.end)

    natural_key.dependencies = ["documents.announcement", "documents.person"]
