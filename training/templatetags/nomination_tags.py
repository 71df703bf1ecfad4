from django import template

from training import rules
from training.nominations import rules as nomination_rules

register = template.Library()


@register.filter
def is_nominator(user):
    return nomination_rules.is_nominator(user)


@register.filter
def is_board(user):
    return rules.is_board(user)


@register.filter
def is_trainee(user):
    from training.cohorts import rules as cohort_rules

    return cohort_rules.is_trainee(user)


@register.simple_tag(takes_context=True)
def tot_programme_url(context):
    """The ToT programme page's URL. The navigation shows it on every page, so it comes from the cache until the page
    tree or a view restriction changes (portal.operations.sites), like the events page's: no query per request.
    Empty when there is none, or when a view restriction sits on it (its parent is the home page)."""
    from portal.operations import sites
    from training.pages import ProgrammePage

    def pages():
        return ProgrammePage.objects.live().filter(view_restrictions__isnull=True)

    return sites.tree_page_url(context.get("request"), "tot-programme-url", pages)
