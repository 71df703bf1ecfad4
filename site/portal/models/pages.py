from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from portal.pages.blocks import BaseStreamBlock
from portal.pages.routing import FastRouteMixin
from portal.pages.visibility import ViewRestrictionsInOneQueryMixin


class HomePage(ViewRestrictionsInOneQueryMixin, FastRouteMixin, Page):
    """The portal's front page: the network at a glance. Its sections come from portal.pages.home."""

    intro = RichTextField(_("lời giới thiệu"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("nội dung thêm"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        from portal.pages.home import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(request))
        return context


class StandardPage(ViewRestrictionsInOneQueryMixin, Page):
    """A plain content page: about the Board, contact, guides."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("trang nội dung")
