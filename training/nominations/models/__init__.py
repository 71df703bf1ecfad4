from .nominations import DispatchDocument, DuplicateAlert, Nomination, NominationSector, NominationStatusChange
from .reviews import CriterionScore, Recusal, Review
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
    "Recusal",
    "ReminderLog",
    "Review",
    "RoundCriterion",
]
