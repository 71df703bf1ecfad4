"""The programme's public page (Wagtail): the rounds' progress (training.nominations.progress) and the reach of
the trainers (training.cohorts.reach), so it belongs to neither subject."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.pages.visibility import PortalPageManager, ViewRestrictionsInOneQueryMixin


class ProgrammePage(ViewRestrictionsInOneQueryMixin, Page):
    """The public page of the ToT scheme: each published round's progress, without any personal data."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    objects = PortalPageManager()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.StandardPage"]
    max_count = 1
    template = "training/programme_page.html"

    class Meta:
        verbose_name = _("trang đề án ToT")

    def get_context(self, request, *args, **kwargs):
        from training.cohorts.reach import programme_reach
        from training.nominations.progress import round_progress

        context = super().get_context(request, *args, **kwargs)
        context["rounds"] = round_progress()
        context["reach"] = programme_reach()
        return context
