"""The home page's sections. Each app contributes a provider returning context for its own slot,
so the home page grows with the apps without knowing their models."""

from django.utils.module_loading import import_string

SECTION_PROVIDERS = [
    "clubs.home.network_sections",
    "training.home.tot_progress",
    "events.home.upcoming_events",
]


def home_sections(request):
    context = {}
    for dotted_path in SECTION_PROVIDERS:
        context.update(import_string(dotted_path)(request))
    return context
