"""The idea bank on the home page (portal.pages.home.SECTION_PROVIDERS): how many ideas are published and the
newest few, in one query whatever the size of the bank (the total rides on each row as a window count)."""

from django.db.models import Count, Window

from .models import Entry

HOME_IDEAS_COUNT = 3


def latest_ideas(request):
    entries = list(Entry.objects.showcase().annotate(total=Window(Count("pk")))[:HOME_IDEAS_COUNT])
    return {"idea_total": entries[0].total if entries else 0, "latest_ideas": entries}
