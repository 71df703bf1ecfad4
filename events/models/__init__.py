from .calendar import CalendarToken, ClubFollow
from .pages import EventIndexPage, EventItineraryDay, EventKind, EventPage, EventTag
from .registrations import Delegate, Registration, StudyTourReport

__all__ = [
    "CalendarToken",
    "ClubFollow",
    "Delegate",
    "EventIndexPage",
    "EventItineraryDay",
    "EventKind",
    "EventPage",
    "EventTag",
    "Registration",
    "StudyTourReport",
]
