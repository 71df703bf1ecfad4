from .models import EventIndexPage, EventPage

HOME_EVENTS_COUNT = 4


def upcoming_events(request):
    """The next published events for the home page, in a fixed number of queries."""
    return {
        "upcoming_events": list(EventPage.objects.live().public().upcoming().listing()[:HOME_EVENTS_COUNT]),
        # Only its link is shown: the columns {% pageurl %} reads.
        "events_index": EventIndexPage.objects.live().only("id", "path", "depth", "url_path", "locale_id").first(),
    }
