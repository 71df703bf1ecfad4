from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EventPage


@receiver(page_published, sender=EventPage)
def fill_free_places_after_publish(sender, instance, **kwargs):
    """An editor who raises the capacity in the page editor frees places: the waiting list moves up."""
    from .services import promote_waitlist

    if instance.registrations.filter(status="waitlisted").exists():
        promote_waitlist(instance)
