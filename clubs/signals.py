from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from .models import ClubPage, NewsPage
from .services import ensure_editor_group


@receiver(post_save, sender=ClubPage)
def give_new_club_its_editor_group(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_editor_group(instance)


@receiver(post_page_move)
def keep_news_club_in_step_with_tree(sender, instance, **kwargs):
    """A news item moved to another club belongs to that club from then on."""
    if issubclass(sender, NewsPage) or isinstance(instance.specific, NewsPage):
        news = instance.specific
        NewsPage.objects.filter(pk=news.pk).update(club=news.club_from_tree())
