from .models import NewsPage, get_directory_counts

HOME_NEWS_COUNT = 6


def network_sections(request):
    """The network at a glance: clubs per kind, and the newest news, in a fixed number of queries."""
    kinds = list(get_directory_counts())
    return {
        "club_kinds": kinds,
        "club_total": sum(kind.club_count for kind in kinds),
        "latest_news": list(NewsPage.objects.live().public().listing()[:HOME_NEWS_COUNT]),
    }
