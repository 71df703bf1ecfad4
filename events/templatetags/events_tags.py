from django import template

from ..models import ClubFollow, EventPage

register = template.Library()


@register.inclusion_tag("events/includes/club_events_block.html", takes_context=True)
def club_events(context, club, limit=5):
    """A club's upcoming events and the follow button, for the club page (two queries)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    following = bool(
        user and user.is_authenticated and ClubFollow.objects.filter(user=user, club=club).exists()
    )
    events = list(EventPage.objects.live().public().upcoming().filter(club=club).listing()[:limit])
    return {"request": request, "club": club, "events": events, "following": following, "user": user}


@register.simple_tag(takes_context=True)
def event_index_url(context):
    """The events listing page's URL (a Wagtail page, /su-kien/ in the demo). The navigation shows it on every page,
    so it comes from the cache until the page tree changes (portal.operations.sites): no query per request. Empty
    when there is none."""
    from portal.operations import sites

    from ..models import EventIndexPage

    return sites.tree_page_url(context.get("request"), "events-index-url", EventIndexPage.objects.live)


@register.simple_tag
def feed_links(url_name, *args):
    """{"https": ..., "webcal": ...} of a feed at BASE_URL (portal.addresses), never at the request's Host."""
    from django.urls import reverse

    from portal.addresses import absolute

    from ..views import webcal

    https = absolute(reverse(url_name, args=args))
    return {"https": https, "webcal": webcal(https)}
