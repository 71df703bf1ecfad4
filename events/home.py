from datetime import timedelta

from django.utils import timezone

from .models import EventIndexPage, EventPage
from .models.pages import _local_midnight

HOME_EVENTS_COUNT = 4


def upcoming_events(request):
    """The next published events for the home page, in a fixed number of queries. They and their cards hold until
    the first of them starts (its badge turns to "under way") or is over (portal.pages.home keeps them until then):
    an event that is not shown cannot come in without a write, which drops them anyway."""
    now = timezone.now()
    events = list(EventPage.objects.live().public().upcoming(now).listing()[:HOME_EVENTS_COUNT])
    changes = [_over_at(event) for event in events] + [event.start for event in events if event.start > now]
    return {
        "upcoming_events": events,
        # Only its link is shown: the columns {% pageurl %} reads.
        "events_index": EventIndexPage.objects.live().only("id", "path", "depth", "url_path", "locale_id").first(),
        "sections_valid_until": min(changes, default=None),
    }


def _over_at(event):
    if event.all_day:  # over at the local midnight after its last day (events.models.pages.over)
        return _local_midnight(timezone.localdate(event.end) + timedelta(days=1))
    return event.end
