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
    """The ToT programme page's URL, looked up once per request (the nav shows it on every page)."""
    request = context.get("request")
    cached = getattr(request, "_tot_programme_url", None) if request else None
    if cached is None:
        from training.pages import ProgrammePage

        # One query: a view restriction on the page itself hides it (its parent is the home page).
        page = (
            ProgrammePage.objects.live().filter(view_restrictions__isnull=True)
            .only("id", "url_path", "path", "depth").first()
        )
        cached = (page.get_url(request=request) or "") if page else ""
        if request is not None:
            request._tot_programme_url = cached
    return cached
