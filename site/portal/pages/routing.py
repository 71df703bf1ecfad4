"""URL routing in a fixed number of queries.

Wagtail's `Page.route` walks the tree one segment at a time, two queries per segment (the child, then its
specific row). The site root here instead fetches every page on the path in one query by `url_path`, then the
target's specific row (with the related rows its template needs, `route_select_related`). Routable pages keep
their precedence: as in Wagtail, a routable page's own routes win over its children.
"""

from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def specific_for_route(page):
    cls = page.specific_class
    if cls is None or cls is Page:
        return page
    related = getattr(cls, "route_select_related", ())
    queryset = cls._default_manager.select_related(*related)
    if hasattr(queryset, "for_route"):  # a page class's own annotations, in the same query
        queryset = queryset.for_route()
    return queryset.get(pk=page.pk)


def own_route_matches(cls, components):
    if not issubclass(cls, RoutablePageMixin):
        return False
    try:
        cls.get_resolver().resolve("/" + "/".join(components) + "/" if components else "/")
    except Resolver404:
        return False
    return True


class FastRouteMixin:
    """Mixed into the site's root page class."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        prefixes = [self.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]
        chain = list(Page.objects.filter(url_path__in=prefixes, depth__gt=self.depth).order_by("depth"))
        if not chain:
            return super().route(request, path_components)
        for position, page in enumerate(chain):
            remaining = path_components[page.depth - self.depth :]
            is_deepest = position == len(chain) - 1
            if is_deepest or (page.live and own_route_matches(page.specific_class, remaining)):
                return specific_for_route(page).route(request, remaining)
        raise AssertionError("unreachable: the deepest page always routes")
