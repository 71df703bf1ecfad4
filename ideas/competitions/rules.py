"""Who may do what with competitions.

- The Board opens, edits and publishes competitions, prepares the awards after the deadline and releases them. A
  district's organisers (portal.roles.DISTRICT_ORGANISERS, tied to an agency of that district) do the same for the
  competitions their district organises, and see no other (the admin's policy in ideas/wagtail_hooks.py).
- An idea-bank entry's owner applies with their published entry; an agency's nominator (for their agency) or a
  club's editor (for an entry naming their club) nominates one. Until the deadline the applicant side (owner,
  nominating agency, nominating club) may withdraw it.
- A competition's reviewers score its entries, never one they have a conflict of interest with: the entry was
  nominated by their agency, names or was nominated by a club they edit, or is their own (they own the idea,
  applied for it, are named in its team line, or their account is on its team: a member, or a member who left or
  was removed after the competition opened, ideas.teams; an invitation not yet accepted is not a conflict, or an
  owner could take a juror off their entry by inviting them), or they declared a conflict on it themselves (a
  recusal: what the rules cannot see). A conflicted entry is a 404 to them, as an entry of another competition."""

import re

from ideas.rules import edited_club_ids, is_active_user, is_board, is_owner
from portal import roles
from portal.pages.search import folded
from training.nominations.rules import is_nominator
from training.rules import group_names

from .enums import APPLICANT, BOARD, TRANSITIONS, EntryStatus


def organised_unit_id(user):
    """The administrative unit whose competitions `user` runs as a district organiser: their agency's unit (None
    for anyone else, and for an organiser whose account names no agency with a unit)."""
    if not (is_active_user(user) and user.agency_id) or roles.DISTRICT_ORGANISERS not in group_names(user):
        return None
    if not hasattr(user, "_competition_unit_id"):
        from portal.models import Agency

        user._competition_unit_id = Agency.objects.filter(pk=user.agency_id).values_list("unit_id", flat=True).first()
    return user._competition_unit_id


def is_organiser(user):
    return is_board(user) or organised_unit_id(user) is not None


def may_run(user, competition):
    """Edit, inspect, prepare and release: the Board any competition, a district organiser their district's."""
    if is_board(user):
        return True
    unit = organised_unit_id(user)
    return unit is not None and competition.organiser_id == unit


def competitions_run_by(user):
    from .models import Competition

    if is_board(user):
        return Competition.objects.all()
    unit = organised_unit_id(user)
    return Competition.objects.filter(organiser_id=unit) if unit is not None else Competition.objects.none()


def is_reviewer(user, competition):
    if not is_active_user(user):
        return False
    cache = user.__dict__.setdefault("_competition_reviewer_of", {})
    if competition.pk not in cache:
        cache[competition.pk] = competition.reviewers.filter(pk=user.pk).exists()
    return cache[competition.pk]


def _words(text):
    return " ".join(re.findall(r"\w+", folded(text or "")))


def _named_in_team(user, idea):
    """The reviewer's full name (two words at least), diacritics and case aside, among the team's names."""
    name = _words(user.get_full_name())
    return len(name.split()) >= 2 and f" {name} " in f" {_words(idea.team)} "


def recused_entry_ids(reviewer, competition_id):
    """The entries of a competition the reviewer declared a conflict on: one query per competition and request
    (services.recuse forgets it)."""
    cache = reviewer.__dict__.setdefault("_competition_recused", {})
    if competition_id not in cache:
        from .models import CompetitionRecusal

        cache[competition_id] = set(
            CompetitionRecusal.objects.filter(reviewer=reviewer, entry__competition_id=competition_id).values_list(
                "entry_id", flat=True
            )
        )
    return cache[competition_id]


def _seat_in_conflict(opened):
    """The team memberships that make a conflict: current ones, and those ended at or after `opened` (the
    competition's opening: a value, or an OuterRef to it)."""
    from django.db.models import Q

    from ideas.teams.models import CONFLICTED, ENDED_MEMBERSHIP

    return Q(state__in=CONFLICTED) | Q(state__in=ENDED_MEMBERSHIP, left_at__gte=opened)


def team_entry_ids(reviewer, competition_id):
    """The entries of a competition whose idea has the reviewer's account on its team (ideas.teams): a membership,
    or one that ended (left, removed) at or after the competition opened; one query per competition and request
    (forget_conflicts). An invitation (pending, declined, withdrawn) never made them a member."""
    cache = reviewer.__dict__.setdefault("_competition_team", {})
    if competition_id not in cache:
        from django.db.models import Exists, OuterRef

        from ideas.teams.models import TeamMember

        from .models import CompetitionEntry

        seats = TeamMember.objects.filter(entry_id=OuterRef("idea_id"), user_id=reviewer.pk).filter(
            _seat_in_conflict(OuterRef("competition__opens_at"))
        )
        cache[competition_id] = set(
            CompetitionEntry.objects.filter(competition_id=competition_id)
            .filter(Exists(seats))
            .values_list("pk", flat=True)
        )
    return cache[competition_id]


def team_conflicts(competition):
    """The competition's reviewers whose account is on the team of an idea it holds (team_entry_ids' rule, for
    every reviewer at once): TeamMember rows, with the user and the idea, for the Board's inspect screen."""
    from django.db.models import F

    from ideas.teams.models import TeamMember

    from .models import CompetitionEntry

    ideas = CompetitionEntry.objects.filter(competition=competition).values("idea_id")
    return (
        TeamMember.objects.filter(entry_id__in=ideas, user__in=competition.reviewers.all())
        .filter(_seat_in_conflict(competition.opens_at))
        .select_related("user", "entry")
        .order_by(F("answered_at").desc(nulls_last=True), "-pk")
    )


def forget_conflicts(reviewer):
    """Drop what this request cached of the reviewer's recusals and teams: re-read under a row lock."""
    reviewer.__dict__.pop("_competition_recused", None)
    reviewer.__dict__.pop("_competition_team", None)


def has_conflict_of_interest(reviewer, entry):
    idea = entry.idea
    clubs = edited_club_ids(reviewer)
    return bool(
        (reviewer.agency_id and reviewer.agency_id == entry.nominating_agency_id)
        or (entry.nominating_club_id and entry.nominating_club_id in clubs)
        or (idea.club_id and idea.club_id in clubs)
        or reviewer.pk in (idea.owner_id, entry.applicant_id)
        or _named_in_team(reviewer, idea)
        or entry.pk in recused_entry_ids(reviewer, entry.competition_id)
        or entry.pk in team_entry_ids(reviewer, entry.competition_id)
    )


def can_review(user, entry):
    return (
        entry.status == EntryStatus.SUBMITTED
        and is_reviewer(user, entry.competition)
        and not has_conflict_of_interest(user, entry)
    )


def nominating_route(user, idea):
    """How `user` may bring `idea` into a competition: as its owner, their agency's nominator, or an editor of the
    club it names (None: they may not)."""
    from .enums import Route

    if is_owner(user, idea):
        return Route.OWNER
    if is_nominator(user):
        return Route.AGENCY
    if idea.club_id and idea.club_id in edited_club_ids(user):
        return Route.CLUB
    return None


def is_applicant_side(user, entry):
    """The owner who applied, the nominating agency's nominators, the nominating club's editors."""
    if not is_active_user(user):
        return False
    if entry.applicant_id == user.pk:
        return True
    if entry.nominating_agency_id and is_nominator(user) and user.agency_id == entry.nominating_agency_id:
        return True
    return bool(entry.nominating_club_id and entry.nominating_club_id in edited_club_ids(user))


def may_move(user, entry, to_status):
    role = TRANSITIONS.get((entry.status, to_status))
    if role == APPLICANT:
        return is_applicant_side(user, entry)
    if role == BOARD:  # the organiser's: the Board, or the district organising it
        return may_run(user, entry.competition)
    return False


def may_withdraw(user, entry, now=None):
    return may_move(user, entry, EntryStatus.WITHDRAWN) and not entry.competition.is_closed(now)


def entries_for(user):
    """The entries `user` may see outside the Board's screens: those they applied for or nominated."""
    from django.db.models import Q

    from .models import CompetitionEntry

    if not is_active_user(user):
        return CompetitionEntry.objects.none()
    visible = Q(applicant=user) | Q(nominating_club_id__in=edited_club_ids(user)) | Q(idea__owner=user)
    if is_nominator(user):
        visible |= Q(nominating_agency_id=user.agency_id)
    return CompetitionEntry.objects.filter(visible)
