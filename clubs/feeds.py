"""RSS 2.0 feeds of published, public news: network-wide and per club."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _

from portal.addresses import absolute
from portal.operations import feed_cache
from portal.pages.rss import CleanRss201rev2Feed
from portal.security import ratelimit

from .models import NewsPage

FEED_SIZE = 30


class NewsFeed(Feed):
    feed_type = CleanRss201rev2Feed  # every title and description escaped text, no control character
    language = "vi"

    def news(self):
        return NewsPage.objects.live().public().select_related("club").prefetch_related("tags")

    def items(self):
        return self.news().order_by("-first_published_at")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        # Absolute at BASE_URL: Django's syndication would otherwise prefix the request's Host header.
        return item.get_full_url(request=self.request)

    def feed_url(self):
        return absolute(self.request.path)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.club.title if item.club_id else _("Ban Điều hành")

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def __call__(self, request, *args, **kwargs):
        if not ratelimit.allow(request, "feed"):
            return ratelimit.too_many_requests("feed", request)
        self.request = request
        feed_cache.allow(request)  # public news only: kept for anonymous visitors, each answer still counted
        return super().__call__(request, *args, **kwargs)


class NetworkNewsFeed(NewsFeed):
    def title(self):
        return _("Tin tức mạng lưới CLB khởi nghiệp Quảng Nam")

    def description(self):
        return _("Tin mới nhất của các câu lạc bộ khởi nghiệp trong mạng lưới.")

    def link(self):
        return absolute("/")


class ClubNewsFeed(NewsFeed):
    def __init__(self, club):
        super().__init__()
        self.club = club

    def title(self):
        return _("Tin tức %(club)s") % {"club": self.club.title}

    def description(self):
        return self.club.summary or self.club.title

    def link(self):
        return self.club.get_full_url(request=self.request)

    def news(self):
        return super().news().filter(club=self.club)
