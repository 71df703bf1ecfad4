"""The club network on the portal: the directory, a page per club, and club news."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Max, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from portal.inputs.filters import bind_ignoring_invalid
from portal.ordering import vi
from portal.pages import card_images
from portal.pages.blocks import BaseStreamBlock
from portal.pages.search import folded
from portal.pages.visibility import PortalPageQuerySet, ViewRestrictionsInOneQueryMixin, private_section_q

PAGE_SIZE = 20
TAG_SLUG = re.compile(r"[-\w]{1,100}")
EPOCH = timezone.datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(0))
# What the clubs file with the reporting app, read by dotted path (a higher room: ARCHITECTURE.md). Each returns
# expressions over a club row: "last_report_at" one (when it last submitted a report, a sign of life),
# "members" a dict of them ("reported_members" and "members_reported_at", its latest reported member count).
REPORT_SIGNALS = {
    "last_report_at": "reporting.self_reports.last_report_at",
    "members": "reporting.self_reports.reported_members",
}


def report_signal(name):
    return import_string(REPORT_SIGNALS[name])()


class ClubKind(models.Model):
    """District club, university/college club, key high-school club, vocational-school club... Board-edited data."""

    # Public reference data: any admin user may pick it in a chooser (portal/admin/object_gate.py).
    admin_chooser_public = True

    name = models.CharField(_("tên"), max_length=255, unique=True)
    plural_name = models.CharField(_("tên số nhiều"), max_length=255, blank=True)
    slug = models.SlugField(_("mã"), max_length=100, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", vi("name")]
        verbose_name = _("loại câu lạc bộ")
        verbose_name_plural = _("loại câu lạc bộ")

    def __str__(self):
        return self.name


class ClubTag(TaggedItemBase):
    content_object = ParentalKey("clubs.ClubPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsTag(TaggedItemBase):
    content_object = ParentalKey("clubs.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class ClubIndexPage(ViewRestrictionsInOneQueryMixin, Page):
    """The directory of the network: every club, filterable by kind and administrative unit."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["clubs.ClubPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh bạ câu lạc bộ")

    def get_context(self, request, *args, **kwargs):
        from .forms import ClubFilterForm

        context = super().get_context(request, *args, **kwargs)
        form, ignored = bind_ignoring_invalid(ClubFilterForm, request.GET)
        clubs = ClubPage.objects.child_of(self).live().public().directory()
        if form.is_bound and form.is_valid():
            clubs = form.filter(clubs)
        context["filter_form"] = form
        context["ignored_filters"] = ignored
        context["filter_choices"] = form.choices()
        context["clubs"] = Paginator(clubs, PAGE_SIZE).get_page(request.GET.get("page"))
        return context


class ClubPageQuerySet(PortalPageQuerySet):
    def directory(self):
        """What a directory card shows (clubs/club_index_page.html): only its columns, as NewsPageQuerySet.listing
        (a club's full row with its kind, unit and logo is over sixty columns to compile and load)."""
        return (
            self.select_related("kind", "unit")
            .for_cards("kind__name", "unit__name", "summary", "member_count")
            .with_reported_members()
            .order_by("kind__sort_order", vi("title"))
        )

    def with_reported_members(self):
        """Annotate `reported_members` and `members_reported_at` (ClubPage.members_as_of), in the same query."""
        return self.annotate(**report_signal("members"))

    def for_route(self):
        """What portal.pages.routing fetches a club page with: its reported member count too."""
        return self.with_reported_members()

    def with_last_activity(self):
        """Annotate `last_news_at`, `last_report_at` and `last_activity_at`: the latest of the page's own
        publishing, its news and its last submitted report (the yearly self-report, or any other)."""
        return self.annotate(
            last_news_at=Max("news_items__first_published_at", filter=Q(news_items__live=True)),
            last_report_at=report_signal("last_report_at"),
        ).annotate(
            last_activity_at=Greatest(
                Coalesce("last_published_at", Value(EPOCH)),
                Coalesce("last_news_at", Value(EPOCH)),
                Coalesce("last_report_at", Value(EPOCH)),
            )
        )

    def quiet(self, days=None, now=None):
        """Clubs with no news and no page activity for `days` (settings.CLUB_QUIET_AFTER_DAYS)."""
        days = settings.CLUB_QUIET_AFTER_DAYS if days is None else days
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.live().with_last_activity().filter(last_activity_at__lt=cutoff).order_by("last_activity_at")

    def visible_to(self, user):
        """Public clubs, and those behind a view restriction (private clubs) that this person may open by their
        account: a log-in restriction admits anyone signed in, a group restriction its groups, a password one
        nobody by account; editors of a club see it, superusers every club. What a form or list offers a person
        must not name a club they may not see."""
        if user.is_active and user.is_superuser:
            return self
        private = dict(self.not_public().values_list("pk", "path"))
        if not private or not user.is_authenticated:
            return self.public()
        from wagtail.models import PageViewRestriction
        from wagtail.permission_policies.pages import PagePermissionPolicy

        groups = set(user.groups.values_list("pk", flat=True))

        def admits(restriction):
            if restriction.restriction_type == PageViewRestriction.LOGIN:
                return True
            if restriction.restriction_type == PageViewRestriction.GROUPS:
                return bool(groups & {group.pk for group in restriction.groups.all()})
            return False  # a password is not a right an account holds

        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        refusing = [restriction.page.path for restriction in restrictions if not admits(restriction)]
        editable = set(
            PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])
            .filter(pk__in=private).values_list("pk", flat=True)
        )
        allowed = [
            pk for pk, path in private.items()
            if pk in editable or not any(path.startswith(prefix) for prefix in refusing)
        ]
        return self.filter(Q(pk__in=allowed) | ~private_section_q())


ClubPageManager = PageManager.from_queryset(ClubPageQuerySet)


class ClubLeader(Orderable):
    page = ParentalKey("clubs.ClubPage", related_name="leaders", on_delete=models.CASCADE)
    name = models.CharField(_("họ và tên"), max_length=255)
    role = models.CharField(_("chức danh"), max_length=255, help_text=_("Ví dụ: Chủ nhiệm, Phó Chủ nhiệm"))

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("ban chủ nhiệm")


class ClubPage(ViewRestrictionsInOneQueryMixin, RoutablePageMixin, Page):
    """One club of the network. Its editors' group holds page permissions on this page only."""

    kind = models.ForeignKey(
        ClubKind, verbose_name=_("loại câu lạc bộ"), on_delete=models.PROTECT, related_name="clubs"
    )
    unit = models.ForeignKey(
        "portal.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        related_name="clubs",
    )
    host_institution = models.CharField(_("đơn vị chủ quản"), max_length=255, blank=True)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    founding_decision_number = models.CharField(_("số quyết định thành lập"), max_length=100, blank=True)
    founding_decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    advisor = models.CharField(_("cố vấn"), max_length=255, blank=True)
    member_count = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    introduction = StreamField(BaseStreamBlock(), verbose_name=_("giới thiệu"), blank=True)
    logo = models.ForeignKey(
        get_image_model(),
        verbose_name=_("biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("thư điện tử"), blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    website = models.URLField(_("trang web"), blank=True)
    tags = ClusterTaggableManager(through=ClubTag, blank=True, verbose_name=_("lĩnh vực"))
    editor_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="club"
    )
    # The club's own images and documents: its editors choose and upload here only (clubs.services).
    collection = models.ForeignKey(
        "wagtailcore.Collection", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ClubPageManager()
    route_select_related = ("kind", "unit", "logo")  # portal.pages.routing fetches these with the page

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("unit")]),
        FieldPanel("host_institution"),
        FieldPanel("logo"),
        FieldPanel("introduction"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("founded_on"), FieldPanel("member_count")]),
                FieldRowPanel([FieldPanel("founding_decision_number"), FieldPanel("founding_decision_date")]),
                FieldPanel("advisor"),
            ],
            heading=_("Thành lập"),
        ),
        InlinePanel("leaders", label=_("Ban chủ nhiệm")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("address"),
                FieldPanel("website"),
            ],
            heading=_("Liên hệ"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("host_institution"),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_text"),  # words matched by their start as one types
        index.FilterField("kind_id"),
        index.FilterField("unit_id"),
    ]
    parent_page_types = ["clubs.ClubIndexPage"]
    subpage_types = ["clubs.NewsPage", "events.EventPage"]

    class Meta:
        verbose_name = _("câu lạc bộ")
        verbose_name_plural = _("câu lạc bộ")

    @property
    def folded_text(self):
        return folded(
            self.title,
            self.summary,
            self.host_institution,
            self.advisor,
            self.unit.name if self.unit_id else "",
            " ".join(leader.name for leader in self.leaders.all()),
            self.introduction.render_as_block() if self.introduction else "",
        )

    def news(self):
        return NewsPage.objects.live().public().filter(club=self).listing()

    @property
    def members_as_of(self):
        """(count, when or None): the member count of the club's latest submitted report with the moment it was
        submitted (ClubPageQuerySet.with_reported_members), else the page's own count, undated."""
        reported = getattr(self, "reported_members", None)
        if reported is not None:
            return int(reported), self.members_reported_at
        return self.member_count, None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = self.news()[:5]
        context["leaders"] = self.leaders.all()
        context["club_tags"] = self.tags.all()
        return context

    @path("")
    def club(self, request):
        return self.render(request)

    @path("tin-tuc/")
    def news_list(self, request):
        items = Paginator(self.news(), PAGE_SIZE).get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"news": items}, template="clubs/club_news.html")

    @path("rss/")
    def rss(self, request):
        from .feeds import ClubNewsFeed

        return ClubNewsFeed(self)(request)


class NewsIndexPage(ViewRestrictionsInOneQueryMixin, RoutablePageMixin, Page):
    """Network-wide news: every club's published news, newest first, filterable by tag."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["clubs.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("trang tin tức")

    def news(self):
        return NewsPage.objects.live().public().listing()

    def popular_tags(self, limit=20):
        """Tags of published public news only, most used first: a draft's tags stay private."""
        public_news = NewsPage.objects.live().public().values("pk")
        return (
            Tag.objects.filter(clubs_newstag_items__content_object__in=public_news)
            .annotate(n=Count("clubs_newstag_items"))
            .order_by("-n", vi("name"))[:limit]
        )

    @path("")
    def news_list(self, request):
        items = self.news()
        tag = None
        if slug := request.GET.get("tag"):
            # Only a well-formed slug reaches the database (PostgreSQL refuses NUL bytes with an error).
            tag = Tag.objects.filter(slug=slug).first() if TAG_SLUG.fullmatch(slug) else None
            items = items.filter(tags=tag) if tag else items.none()
        context = {
            "news": Paginator(items, PAGE_SIZE).get_page(request.GET.get("page")),
            "current_tag": tag,
            "tag_slug": request.GET.get("tag", "")[:100],
            "popular_tags": self.popular_tags(),
        }
        return self.render(request, context_overrides=context)

    @path("rss/")
    def rss(self, request):
        from .feeds import NetworkNewsFeed

        return NetworkNewsFeed()(request)


class NewsPageQuerySet(PortalPageQuerySet):
    def listing(self):
        """What a news card shows (clubs/includes/news_cards.html), in one query whatever the number of items.

        Only the card's columns: the ORM's cost grows with every column compiled and loaded, and a full news row
        with its club's full page row is a hundred columns. The cards' pictures come in one more query
        (portal.pages.card_images): through Wagtail's rendition cache, each cost a Redis read and a write.
        """
        return (
            self.select_related("club", "image")
            .for_cards("date", "intro", "club__title", "image")
            .prefetch_related(card_images.renditions_prefetch("image"))
            .order_by("-date", "-first_published_at", "-pk")
        )


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsPage(ViewRestrictionsInOneQueryMixin, Page):
    """A news item. Lives under a club (club news) or under the network news page (Board news)."""

    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    intro = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    image = models.ForeignKey(
        get_image_model(),
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("nội dung"), blank=True)
    tags = ClusterTaggableManager(through=NewsTag, blank=True, verbose_name=_("thẻ"))
    # Denormalised from the tree (kept by save() and the move signal) so lists show the club in one query.
    club = models.ForeignKey(
        ClubPage, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="news_items"
    )

    objects = NewsPageManager()
    route_select_related = ("club", "image")

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_text"),  # words matched by their start as one types
        index.FilterField("date"),
    ]
    parent_page_types = ["clubs.ClubPage", "clubs.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")
        # Every news list is newest first: without it the home page sorted all 20,000 items of a province on disk.
        indexes = [models.Index(fields=["date"], name="clubs_news_date")]

    @property
    def folded_text(self):
        return folded(self.title, self.intro, self.body.render_as_block() if self.body else "")

    def club_from_tree(self):
        parent = self.get_parent() if self.path else None
        return parent.specific if parent is not None and parent.specific_class is ClubPage else None

    def save(self, *args, **kwargs):
        if self.path:
            self.club = self.club_from_tree()
        return super().save(*args, **kwargs)

    @cached_property
    def news_index(self):
        return NewsIndexPage.objects.live().first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_tags"] = self.tags.all()
        context["news_index"] = self.news_index
        return context


def get_directory_counts():
    """How many live public clubs of each kind, for the home page: one query."""
    public_clubs = ClubPage.objects.live().public().values("pk")
    return ClubKind.objects.annotate(club_count=Count("clubs", filter=Q(clubs__in=public_clubs))).order_by(
        "sort_order", vi("name")
    )
