"""Who may do what with events. Views, services and templates ask these same questions."""

from portal import roles

from .enums import ACTIVE_REGISTRATION


def is_board(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.groups.filter(name=roles.BOARD).exists()))


def nominating_agency(user):
    """The agency a nominator acts for (portal roles: NOMINATORS with `user.agency`), or None."""
    if not user.is_authenticated or not getattr(user, "agency_id", None):
        return None
    if not user.groups.filter(name=roles.NOMINATORS).exists():
        return None
    return user.agency


def delegate_for(user, event):
    """The delegate record of `user` in `event`'s delegation (matched by e-mail), or None."""
    if not user.is_authenticated or not user.email:
        return None
    return event.delegates.filter(email__iexact=user.email).select_related("agency").first()


def may_register_as(event, email):
    """A delegates-only event admits only e-mails on its delegation list."""
    return not event.delegates_only or event.delegates.filter(email__iexact=email).exists()


def can_cancel(registration):
    return registration.status in ACTIVE_REGISTRATION and not registration.event.is_past


def can_file_report(user, event):
    delegate = delegate_for(user, event)
    return delegate is not None and event.is_study_tour and event.is_past and not hasattr(delegate, "report")


def cancellation_effect(registration):
    """What cancelling does, for the confirmation page: 'passes_on' (a place at a full event goes to the first person
    waiting), 'frees' (a place opens for anyone) or 'leaves_waitlist'."""
    from .enums import RegistrationStatus
    from .models import Registration

    if registration.status == RegistrationStatus.WAITLISTED:
        return "leaves_waitlist"
    waiting = Registration.objects.filter(event=registration.event, status=RegistrationStatus.WAITLISTED)
    return "passes_on" if waiting.exists() else "frees"
