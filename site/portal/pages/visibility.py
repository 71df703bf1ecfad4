"""Which pages the public may see, decided inside the listing's own SQL.

Wagtail's `PageQuerySet.public()` first loads every view restriction in a query of its own, so each public
listing on a page costs one more query. `public_q()` asks the same question as a correlated subquery: a page
is public unless a view restriction sits on it or on one of its ancestors (its path starts with theirs).
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from wagtail.models import PageManager, PageQuerySet, PageViewRestriction

from portal.addresses import public_root
from portal.admin.page_form import PortalPageForm


def private_section_q():
    return Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path"))))


# The page columns a listing card needs for its title and {% pageurl %}.
CARD_PAGE_FIELDS = ("id", "path", "depth", "title", "url_path", "content_type_id", "live", "locale_id")


class PortalPageQuerySet(PageQuerySet):
    def for_cards(self, *fields):
        """Load only what a card shows: the ORM's cost grows with every column compiled and loaded, and a full
        page row joined to its related pages' full rows is a hundred columns. A field the card template reads
        and `fields` lacks costs one query per card: the listings' query-count tests catch that."""
        return self.only(*CARD_PAGE_FIELDS, *fields)

    def public(self):
        return self.filter(~private_section_q())

    def not_public(self):
        return self.filter(private_section_q())

    private = not_public


PortalPageManager = PageManager.from_queryset(PortalPageQuerySet)


class PublicAddressMixin:
    """A page's full URL (sitemap, feeds, e-mails, `page.full_url`) at BASE_URL: Wagtail's Site.root_url says http
    for any port but 443, so the Site aligned with BASE_URL (portal.addresses) takes BASE_URL's scheme too."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        return site_id, public_root(root_url), page_path


class ViewRestrictionsInOneQueryMixin(PublicAddressMixin):
    """Serving a page checks its view restrictions: Wagtail loads the ancestors, then their restrictions.
    The ancestors' paths are prefixes of the page's own, so one query does.

    Every page model of the portal carries this mixin, so it also names their admin form (Wagtail's admin app sets
    Page.base_form_class in its ready(), after ours, and a class attribute here comes first in each page's MRO) and
    brings the public address of its full URL (PublicAddressMixin)."""

    base_form_class = PortalPageForm

    def get_view_restrictions(self):
        if self.alias_of_id:
            return super().get_view_restrictions()
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)
