"""A part of a page that an app offers to a page the site's top composes (the personal area, portal.web.personal):
the app decides whether the person has anything to show and renders it with its own template; the top only
orders and places the parts. Providers are named by dotted path, so the top needs no import of the app."""

from dataclasses import dataclass, field


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)
    count: int = 0  # how many things it shows (certificates, say): the overview sums them
