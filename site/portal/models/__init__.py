from .pages import HomePage, StandardPage
from .reference import AdministrativeUnit, Agency, AgencyKind
from .settings import PortalSettings
from .users import User

__all__ = ["AdministrativeUnit", "Agency", "AgencyKind", "HomePage", "PortalSettings", "StandardPage", "User"]
