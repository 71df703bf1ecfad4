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
