"""RSS 2.0 whose every text is clean (issue 12): the feed type of every feed of the site.

Django's generator escapes `<`, `>` and `&` (so a title or an intro is text, never markup: HTML typed into an intro
shows as typed), but writes control characters as they are, and XML 1.0 forbids most of them: one such character
in one news item made the whole feed unreadable for every subscriber. Here every string of the channel and of each
item goes through portal.inputs.text first (titles, authors and categories one line; descriptions multi-line)."""

from django.utils.feedgenerator import Rss201rev2Feed

from portal.inputs.text import clean_line, clean_text

MULTI_LINE = {"description", "subtitle", "feed_copyright", "comments"}


def _clean(key, value):
    if isinstance(value, str):
        return clean_text(value) if key in MULTI_LINE else clean_line(value)
    if isinstance(value, list | tuple) and key == "categories":
        return [clean_line(str(category)) for category in value]
    return value


class CleanRss201rev2Feed(Rss201rev2Feed):
    def __init__(self, title, link, description, **kwargs):
        kwargs = {key: _clean(key, value) for key, value in kwargs.items()}
        super().__init__(clean_line(str(title)), link, clean_text(str(description or "")), **kwargs)

    def add_item(self, title, link, description, **kwargs):
        kwargs = {key: _clean(key, value) for key, value in kwargs.items()}
        super().add_item(clean_line(str(title)), link, clean_text(str(description or "")), **kwargs)
