from .pages import HomePage, StandardPage
from .privacy import ErasureRecord
from .reference import AdministrativeUnit, Agency, AgencyKind
from .settings import PortalSettings
from .users import User

__all__ = [
    "AdministrativeUnit", "Agency", "AgencyKind", "ErasureRecord", "HomePage", "PortalSettings", "StandardPage", "User",
]
