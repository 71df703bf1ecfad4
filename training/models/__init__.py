"""Every model of the app, for Django's registry and for `from training.models import ...` elsewhere. Each model
is defined in its subject: training.nominations.models, training.cohorts.models, training.certificates.models,
and the programme page in training.pages. (nominations.py, cohorts.py and certificates.py beside this file only
keep the callables the migrations name.)"""

from training.certificates.designs import CertificateTemplate
from training.certificates.models import (
    Certificate,
    CertificateBundle,
    CertificateSettings,
    ExpiryReminder,
    RenewalRequest,
    SerialCounter,
)
from training.cohorts.models import (
    Attendance,
    Cohort,
    CohortStateChange,
    Course,
    Enrolment,
    PracticumDelivery,
    Session,
    TrainerProfile,
    TrainerSector,
)
from training.nominations.models import (
    AgencyQuota,
    BoardDecision,
    CriterionScore,
    DispatchDocument,
    DuplicateAlert,
    Nomination,
    NominationRound,
    NominationSector,
    NominationStatusChange,
    ReminderLog,
    Review,
    RoundCriterion,
)
from training.pages import ProgrammePage

__all__ = [
    "ExpiryReminder",
    "RenewalRequest",
    "AgencyQuota",
    "Attendance",
    "BoardDecision",
    "Certificate",
    "CertificateBundle",
    "CertificateSettings",
    "CertificateTemplate",
    "Cohort",
    "CohortStateChange",
    "Course",
    "CriterionScore",
    "DispatchDocument",
    "DuplicateAlert",
    "Enrolment",
    "Nomination",
    "NominationRound",
    "NominationSector",
    "NominationStatusChange",
    "PracticumDelivery",
    "ProgrammePage",
    "ReminderLog",
    "Review",
    "RoundCriterion",
    "SerialCounter",
    "Session",
    "TrainerProfile",
    "TrainerSector",
]
