"""Who may do what with cohorts, attendance, trainers and certificates, and the attendance standing rule.
Whether someone is Board staff is training.rules.is_board, the same question for every subject."""

import math
from dataclasses import dataclass

# "At risk" once the trainee has missed a session and may miss at most this many more.
AT_RISK_SLACK = 1


def is_trainee(user):
    """Someone with at least one enrolment or a trainer profile: the personal area shows them the trainee pages."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.enrolments.exists() or hasattr(user, "trainer_profile")


def trainer_profile(user):
    if not (user and user.is_authenticated):
        return None
    from training.cohorts.models import TrainerProfile

    return TrainerProfile.objects.filter(user=user).first()


def can_log_practicum(user):
    return trainer_profile(user) is not None


def sessions_needed(percent, planned):
    """The course's threshold: `percent` of the planned sessions, rounded up (80% of 8 is 7, of 10 is 8)."""
    return math.ceil(percent * planned / 100)


# Attendance standings (training.cohorts.enums.Progress holds the labels).
MET, ON_TRACK, AT_RISK, CANNOT = "meets", "on_track", "at_risk", "cannot"


@dataclass(frozen=True)
class AttendanceStanding:
    attended: int
    missed: int
    remaining: int
    needed: int

    @property
    def planned(self):
        return self.attended + self.missed + self.remaining

    @property
    def slack(self):
        """How many of the remaining sessions the trainee may still miss (negative: the threshold is lost)."""
        return self.attended + self.remaining - self.needed

    @property
    def state(self):
        return standing(self.attended, self.missed, self.remaining, self.needed)


def standing(attended, missed, remaining, needed):
    """Where a trainee stands against the attendance threshold. The one rule, used by every screen.

    - `attended`: planned sessions recorded present or late; `missed`: recorded absent or excused;
      `remaining`: planned sessions not recorded yet (still to come, or held but not yet recorded: they may
      still be recorded present). Cancelled and postponed sessions are in none of them.
    - `needed`: the threshold in sessions (sessions_needed).

    MET       attended ≥ needed: the attendance rule is met, whatever happens next.
    CANNOT    attended + remaining < needed: even attending every remaining session is not enough.
    AT_RISK   still reachable, but the trainee has already missed a session and may miss at most
              AT_RISK_SLACK more: they must attend (nearly) all remaining sessions.
    ON_TRACK  otherwise: reachable and either nothing missed yet, or more than AT_RISK_SLACK absences left.
              Sessions still to come never count as missed, so a trainee who attended everything so far is on
              track even in a short course where the threshold leaves one absence in all.
    """
    if attended >= needed:
        return MET
    slack = attended + remaining - needed
    if slack < 0:
        return CANNOT
    if missed > 0 and slack <= AT_RISK_SLACK:
        return AT_RISK
    return ON_TRACK
