from .nominations import DispatchDocument, DuplicateAlert, Nomination, NominationSector, NominationStatusChange
from .pages import ProgrammePage
from .reviews import CriterionScore, Review
from .rounds import AgencyQuota, BoardDecision, NominationRound, ReminderLog, RoundCriterion

__all__ = [
    "AgencyQuota",
    "BoardDecision",
    "CriterionScore",
    "DispatchDocument",
    "DuplicateAlert",
    "Nomination",
    "NominationRound",
    "NominationSector",
    "NominationStatusChange",
    "ProgrammePage",
    "ReminderLog",
    "Review",
    "RoundCriterion",
]
from .cohorts import *  # noqa: E402, F403 (cohorts, attendance, trainers, certificates: issue 4)
