from training.models import NominationRound, ProgrammePage
from training.progress import round_progress


def tot_progress(request):
    """The home page's ToT slot: the latest published round's progress, in a fixed number of queries."""
    latest = NominationRound.objects.published().order_by("-opens_at", "-pk")[:1]
    rounds = round_progress(list(latest))
    page = ProgrammePage.objects.live().public().first()
    return {"tot_round": rounds[0] if rounds else None, "tot_page_url": page.get_url(request=request) if page else ""}
