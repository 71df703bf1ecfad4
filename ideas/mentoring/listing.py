"""The network's public list: admitted, consenting mentors (paginated, filtered in the database), and beside them
the certified ToT trainers who agreed to be on training's register, read from training (TrainerProfile.on_register,
the register's own rule), never copied. A trainer's sectors are free tags, so the sector and text filters match
them folded in Python: the register is the province's pool of source trainers (tens to hundreds), fetched in two
queries whatever its size."""

from django.db.models import Exists, OuterRef, Prefetch

from ideas.models import Sector
from portal.models import AdministrativeUnit
from portal.ordering import vi
from portal.pages.search import folded, search_terms
from training.models import TrainerProfile

from .models import MentorProfile


def _listed():
    return MentorProfile.objects.listed().prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("sort_order", vi("name"))),
        Prefetch("districts", queryset=AdministrativeUnit.objects.order_by(vi("name"))),
    )


def mentor(pk):
    """One listed mentor for their public page (three queries), `is_tot_trainer` when their account is a certified
    trainer on training's register (the same rule as the list's trainers), or None."""
    on_register = TrainerProfile.objects.on_register().filter(user=OuterRef("user"))
    return _listed().annotate(is_tot_trainer=Exists(on_register)).filter(pk=pk).first()


def mentors(data):
    found = _listed()
    if data.get("q"):
        found = found.search(data["q"])
    if data.get("sector"):
        found = found.filter(sectors=data["sector"])
    if data.get("district"):
        found = found.filter(districts=data["district"])
    return found.distinct().order_by(vi("display_name"), "pk")


def trainers(data):
    found = TrainerProfile.objects.on_register().select_related("unit").prefetch_related("sectors")
    if data.get("district"):
        found = found.filter(unit=data["district"])
    listed = []
    terms = search_terms(data.get("q") or "").split()[:10]
    sector = data.get("sector")
    for trainer in found.order_by(vi("display_name"), "pk"):
        tags = [tag.name for tag in trainer.sectors.all()]
        if sector and not any(folded(tag) in (folded(sector.name), sector.slug) for tag in tags):
            continue
        text = folded(trainer.display_name, trainer.bio, *tags)
        if all(term in text for term in terms):
            listed.append((trainer, tags))
    return listed
