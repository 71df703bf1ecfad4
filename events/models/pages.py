"""Events as Wagtail pages: the events index (Board) and events under it or under a club page (club editors).

Editors publish through the same moderation workflow as news. A club editor's page permissions sit on their
ClubPage subtree, so an event created under their club is theirs and the organiser is taken from the tree.
"""

import uuid
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, Max, Q, Subquery
from django.db.models.lookups import StartsWith
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.search import index

from portal.admin.page_form import PortalPageForm
from portal.inputs import deadlines
from portal.inputs.filters import bind_ignoring_invalid
from portal.operations import page_cache
from portal.ordering import vi
from portal.pages.blocks import BaseStreamBlock
from portal.pages.search import folded
from portal.pages.visibility import PortalPageQuerySet, ViewRestrictionsInOneQueryMixin

from ..enums import ACTIVE_REGISTRATION, SCHEDULE_FIELDS, EventPhase, EventStatus, Organiser, RegistrationStatus

PAGE_SIZE = 20


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def over(now=None, prefix=""):
    """Q of the events that are over at `now`: from their end on; an all-day event once its last day (local
    time) has ended, whatever time its end carries. `prefix` reaches the event through a relation ("event__").
    EventPage.phase applies the same rule to one event."""
    now = now or timezone.now()
    today = _local_midnight(timezone.localdate(now))
    return Q(**{f"{prefix}all_day": False, f"{prefix}end__lte": now}) | Q(
        **{f"{prefix}all_day": True, f"{prefix}end__lt": today}
    )


def not_over(now=None, prefix=""):
    """The complement of `over()`: upcoming and ongoing events."""
    now = now or timezone.now()
    today = _local_midnight(timezone.localdate(now))
    return Q(**{f"{prefix}all_day": False, f"{prefix}end__gt": now}) | Q(
        **{f"{prefix}all_day": True, f"{prefix}end__gte": today}
    )


class EventKind(models.Model):
    """Conference, study tour, festival day, workshop... Board-edited data, never a list in code."""

    # Public reference data: any admin user may pick it in a chooser (portal/admin/object_gate.py).
    admin_chooser_public = True

    name = models.CharField(_("tên"), max_length=255, unique=True)
    plural_name = models.CharField(_("tên số nhiều"), max_length=255, blank=True)
    slug = models.SlugField(_("mã"), max_length=100, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_study_tour = models.BooleanField(
        _("là đoàn khảo sát, học tập"), default=False,
        help_text=_("Sự kiện loại này có địa phương đến, đơn vị tiếp đón, lịch trình và báo cáo sau chuyến đi."),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["sort_order", vi("name")]
        verbose_name = _("loại sự kiện")
        verbose_name_plural = _("loại sự kiện")

    def __str__(self):
        return self.name


class EventTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", related_name="tagged_items", on_delete=models.CASCADE)


class EventIndexPage(ViewRestrictionsInOneQueryMixin, RoutablePageMixin, Page):
    """Every published event of the network: upcoming and past, filterable by kind, club and month."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("trang sự kiện")

    @path("")
    def event_list(self, request):
        from ..forms import EventFilterForm

        form, ignored = bind_ignoring_invalid(EventFilterForm, request.GET)
        events = EventPage.objects.live().public().listing()
        if form.is_valid():
            events = form.filter(events)
        now = timezone.now()
        past = form.is_valid() and form.cleaned_data.get("when") == "past"
        if past:
            events = events.past(now).order_by("-start", "-pk")
        else:
            events = events.upcoming(now)
        context = {
            "filter_form": form,
            "ignored_filters": ignored,
            "showing_past": past,
            "events": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
            "query_string": form.query_string() if form.is_valid() else "",
        }
        return self.render(request, context_overrides=context)


class EventPageQuerySet(PortalPageQuerySet):
    def listing(self):
        """What an event card shows (events/includes/event_cards.html), in one query whatever the number of events."""
        return (
            self.select_related("kind", "club", "agency")
            .for_cards(
                "kind__name", "status", "start", "end", "all_day", "venue", "summary", "club__title", "agency__name"
            )
            .order_by("start", "pk")
        )

    def upcoming(self, now=None):
        """Events not over yet, those under way included."""
        return self.filter(not_over(now))

    def past(self, now=None):
        return self.filter(over(now))

    def public(self):
        """An event sits under the events index, not under its club: a club page behind a view restriction takes
        its events out of the public listings, feeds, sitemap and search too (privacy is inherited by the FK)."""
        return super().public().exclude(club__in=private_clubs())

    def of_private_clubs(self):
        return self.filter(club__in=private_clubs())


def private_clubs():
    from clubs.models import ClubPage

    return ClubPage.objects.not_public().values("pk")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventPageForm(PortalPageForm):
    """Takes the organiser from the tree: an event under a club page is that club's, whatever was submitted."""

    def clean(self):
        cleaned = super().clean()
        parent = self.parent_page.specific if self.parent_page is not None else None
        club = parent if parent is not None and parent.specific_class.__name__ == "ClubPage" else None
        if club is not None:
            cleaned["organiser"] = Organiser.CLUB
            cleaned["club"] = club
            self.instance.organiser = Organiser.CLUB
            self.instance.club = club
            for field in ("organiser", "club"):
                self.errors.pop(field, None)
        elif cleaned.get("organiser") == Organiser.CLUB and not cleaned.get("club"):
            self.add_error("club", _("Hãy chọn câu lạc bộ tổ chức."))
        if cleaned.get("organiser") == Organiser.AGENCY and not cleaned.get("agency"):
            self.add_error("agency", _("Hãy chọn cơ quan, đơn vị tổ chức."))
        return cleaned


class EventItineraryDay(Orderable):
    """One day of a study tour's itinerary."""

    page = ParentalKey("events.EventPage", related_name="itinerary", on_delete=models.CASCADE)
    day = models.DateField(_("ngày"))
    title = models.CharField(_("nội dung chính"), max_length=255)
    description = models.TextField(_("chi tiết"), blank=True)

    panels = [FieldRowPanel([FieldPanel("day"), FieldPanel("title")]), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("ngày trong lịch trình")
        verbose_name_plural = _("lịch trình")


class EventPage(ViewRestrictionsInOneQueryMixin, RoutablePageMixin, Page):
    """An event: conference, study tour, festival day, workshop.

    `uid` never changes (calendar clients key entries on it); `sequence` rises whenever a schedule field
    (SCHEDULE_FIELDS) changes, whether through a service or the Wagtail page editor: `save()` compares with
    the stored row, so a stale revision can never lower it.
    """

    kind = models.ForeignKey(EventKind, verbose_name=_("loại sự kiện"), on_delete=models.PROTECT, related_name="events")
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    start = models.DateTimeField(_("bắt đầu"))
    end = models.DateTimeField(_("kết thúc"))
    all_day = models.BooleanField(
        _("cả ngày"), default=False,
        help_text=_("Sự kiện diễn ra trọn ngày: chỉ ngày bắt đầu và ngày kết thúc được dùng."),
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=10, choices=Organiser.choices, default=Organiser.BOARD)
    agency = models.ForeignKey(
        "portal.Agency", verbose_name=_("cơ quan tổ chức"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="events",
    )
    club = models.ForeignKey(
        "clubs.ClubPage", verbose_name=_("câu lạc bộ tổ chức"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(
        _("số chỗ"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )
    registration_enabled = models.BooleanField(_("nhận đăng ký"), default=True)
    registration_opens = models.DateTimeField(_("mở đăng ký từ"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("hạn đăng ký"), null=True, blank=True)
    delegates_only = models.BooleanField(
        _("chỉ thành viên đoàn"), default=False,
        help_text=_("Chỉ những người được cơ quan cử vào đoàn (danh sách thành viên đoàn) mới đăng ký được."),
    )
    description = StreamField(BaseStreamBlock(), verbose_name=_("nội dung"), blank=True)
    tags = ClusterTaggableManager(through=EventTag, blank=True, verbose_name=_("thẻ"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    # Study tours
    destination_province = models.CharField(_("tỉnh, thành phố đến"), max_length=255, blank=True)
    host_organisations = models.TextField(_("đơn vị tiếp đón"), blank=True, help_text=_("Mỗi đơn vị một dòng."))
    delegation = models.TextField(_("thành phần đoàn"), blank=True)
    report_summary = RichTextField(_("tổng hợp kết quả chuyến đi"), blank=True)
    # Calendar identity
    uid = models.UUIDField(_("mã lịch"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("lần thay đổi lịch"), default=0, editable=False)
    # The sequence registrants were last e-mailed about (see events.signals).
    notified_sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = EventPageManager()
    base_form_class = EventPageForm
    exclude_fields_in_copy = ["uid", "sequence", "notified_sequence"]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")], heading=_("Thời gian")
        ),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("address")], heading=_("Địa điểm")),
        MultiFieldPanel(
            [FieldPanel("organiser"), FieldRowPanel([FieldPanel("agency"), FieldPanel("club")])],
            heading=_("Đơn vị tổ chức"),
            help_text=_("Sự kiện tạo trong trang câu lạc bộ luôn do câu lạc bộ đó tổ chức."),
        ),
        FieldPanel("description"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_enabled"), FieldPanel("capacity")]),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldPanel("delegates_only"),
            ],
            heading=_("Đăng ký"),
        ),
        MultiFieldPanel(
            [FieldPanel("destination_province"), FieldPanel("host_organisations"), FieldPanel("delegation")],
            heading=_("Đoàn khảo sát, học tập"),
            classname="collapsed",
        ),
        InlinePanel("itinerary", label=_("Lịch trình"), classname="collapsed"),
        FieldPanel("report_summary"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_text"),  # words matched by their start as one types
        index.FilterField("start"),
        index.FilterField("kind_id"),
    ]
    parent_page_types = ["events.EventIndexPage", "clubs.ClubPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"]), models.Index(fields=["updated_at"])]

    def __str__(self):
        return self.title

    @property
    def folded_text(self):
        return folded(self.title, self.summary, self.venue, self.address, self.destination_province)

    # --- rules the form and the model share -----------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Thời gian kết thúc phải sau thời gian bắt đầu.")
        if self.registration_opens and self.registration_closes and self.registration_closes < self.registration_opens:
            errors["registration_closes"] = _("Hạn đăng ký phải sau ngày mở đăng ký.")
        if errors:
            raise ValidationError(errors)

    def club_from_tree(self):
        parent = self.get_parent() if self.path else None
        if parent is not None and parent.specific_class.__name__ == "ClubPage":
            return parent.specific
        return None

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.path and update_fields is None:
            club = self.club_from_tree()
            if club is not None:
                self.organiser, self.club = Organiser.CLUB, club
        if self.pk and (update_fields is None or set(update_fields) & set(SCHEDULE_FIELDS)):
            stored = type(self).objects.filter(pk=self.pk).values("sequence", *SCHEDULE_FIELDS).first()
            if stored is not None:
                changed = any(stored[name] != getattr(self, name) for name in SCHEDULE_FIELDS)
                self.sequence = stored["sequence"] + (1 if changed else 0)
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "sequence"}
        return super().save(*args, **kwargs)

    # --- derived facts ----------------------------------------------------------------------------------
    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def begins_at(self):
        """When the event is under way: its start; an all-day event from midnight of its first day."""
        return _local_midnight(self.local_start.date()) if self.all_day else self.start

    @property
    def ends_at(self):
        """When the event is over (the rule of `over()`): its end; an all-day event at midnight after its last day."""
        return _local_midnight(self.all_day_dates()[1]) if self.all_day else self.end

    def phase(self, now=None):
        """Upcoming, ongoing or past at `now`: an event ending at 16:00 is ongoing at 15:59 and past at 16:00."""
        now = now or timezone.now()
        if now >= self.ends_at:
            return EventPhase.PAST
        if now >= self.begins_at:
            return EventPhase.ONGOING
        return EventPhase.UPCOMING

    @property
    def is_past(self):
        return self.phase() == EventPhase.PAST

    @property
    def is_study_tour(self):
        return self.kind.is_study_tour

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end)

    def all_day_dates(self):
        """(first day, day after the last day): the exclusive DTEND an all-day entry needs."""
        return self.local_start.date(), self.local_end.date() + timedelta(days=1)

    @property
    def organiser_name(self):
        if self.organiser == Organiser.CLUB and self.club_id:
            return self.club.title
        if self.organiser == Organiser.AGENCY and self.agency_id:
            return self.agency.name
        return str(Organiser.BOARD.label)

    def registration_state(self, now=None):
        """None when registration is open now, else the reason it is not (a translated sentence)."""
        now = now or timezone.now()
        if self.is_cancelled:
            return _("Sự kiện đã bị hủy.")
        if not self.registration_enabled:
            return _("Sự kiện này không nhận đăng ký trực tuyến.")
        if self.registration_opens and now < self.registration_opens:
            return _("Chưa đến thời gian đăng ký (mở từ %(date)s).") % {
                "date": timezone.localtime(self.registration_opens).strftime("%H:%M %d/%m/%Y")
            }
        if deadlines.is_past(self.registration_closes or self.start, now):
            return _("Đã hết hạn đăng ký.")
        return None

    @property
    def registration_open(self):
        return self.registration_state() is None

    @cached_property
    def place_counts(self):
        counts = self.registrations.aggregate(
            confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        )
        if self.capacity is not None:
            counts["free"] = max(self.capacity - counts["confirmed"], 0)
        return counts

    def get_view_restrictions(self):
        """The event's own and its ancestors' restrictions (one query, the mixin), and also those of its club and
        the club's ancestors: an event lives under the events index, not under its club, so Wagtail's privacy
        would not reach it through the tree. A club page for logged-in users or a group makes its events so too,
        at their own address and every route under it (registration, report): Wagtail's serve check asks this."""
        own = super().get_view_restrictions()
        if not self.club_id:
            return own
        club_path = Subquery(Page.objects.filter(pk=self.club_id).values("path")[:1])
        over_club = PageViewRestriction.objects.filter(StartsWith(club_path, F("page__path"))).values("pk")
        return PageViewRestriction.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=over_club))

    def get_sitemap_urls(self, request=None):
        """The sitemap walks the tree, where a private club's event looks public (it is not under the club)."""
        if self.club_id and EventPage.objects.filter(pk=self.pk).of_private_clubs().exists():
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        from ..forms import RegistrationForm

        context = super().get_context(request, *args, **kwargs)
        context["event_tags"] = self.tags.all()
        context["itinerary_days"] = self.itinerary.all()
        context["host_list"] = [line.strip() for line in self.host_organisations.splitlines() if line.strip()]
        context["registration_closed_reason"] = self.registration_state()
        context.setdefault("form", RegistrationForm(event=self, user=request.user))
        if request.user.is_authenticated:
            context["my_registration"] = (
                self.registrations.filter(status__in=ACTIVE_REGISTRATION)
                .filter(Q(user=request.user) | Q(email__iexact=request.user.email or "-"))
                .first()
            )
        return context

    @path("")
    def event(self, request):
        return self.render(request)

    @path("dang-ky/")
    def register(self, request):
        from ..views import register

        return register(request, self)

    @path("bao-cao/")
    def report(self, request):
        from ..views import study_tour_report

        return study_tour_report(request, self)


def feed_version():
    """A cheap fingerprint of everything public feeds show: any event or kind change alters it. Two queries, kept
    per page-cache generation where that cache is shared (production), so a warm feed costs none."""
    return page_cache.per_generation("events-feed-version", _feed_version)


def _feed_version():
    events = EventPage.objects.aggregate(changed=Max("updated_at"), count=Count("pk"))
    kinds = EventKind.objects.aggregate(changed=Max("updated_at"), count=Count("pk"))
    changed = max(filter(None, [events["changed"], kinds["changed"]]), default=None)
    return changed, f"{events['changed']}|{events['count']}|{kinds['changed']}|{kinds['count']}"


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))
