from .pages import HomePage, StandardPage
from .privacy import ErasureRecord
from .reference import AdministrativeUnit, Agency, AgencyKind
from .settings import PortalSettings
from .tasks import SentMail, TaskRecovery, TaskWorker
from .users import User

__all__ = [
    "AdministrativeUnit", "Agency", "AgencyKind", "ErasureRecord", "HomePage", "PortalSettings", "SentMail",
    "StandardPage", "TaskRecovery", "TaskWorker", "User",
]
