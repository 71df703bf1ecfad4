from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EventPage


@receiver(page_published, sender=EventPage)
def after_event_published(sender, instance, **kwargs):
    """Whoever published (a service or an editor in the page editor): registrants hear of a new time, place
    or a cancellation once per SEQUENCE, and places freed by a larger capacity go to the waiting list."""
    from . import mails
    from .enums import ACTIVE_REGISTRATION
    from .services import promote_waitlist

    event = EventPage.objects.get(pk=instance.pk)
    if event.sequence > event.notified_sequence:
        EventPage.objects.filter(pk=event.pk).update(notified_sequence=event.sequence)
        mails.send_event_changed(event, list(event.registrations.filter(status__in=ACTIVE_REGISTRATION)))
    if not event.is_cancelled and event.registrations.filter(status="waitlisted").exists():
        promote_waitlist(event)
