"""Reference data the Board edits: administrative units, agencies and their kinds.

Never a list in code: units were merged in 2025 and will change again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.ordering import vi
from portal.pages.search import folded


class OrderedNamed(models.Model):
    name = models.CharField(_("tên"), max_length=255, unique=True)
    slug = models.SlugField(_("mã"), max_length=255, unique=True, allow_unicode=False)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", vi("name")]

    def __str__(self):
        return self.name


class AdministrativeUnit(index.Indexed, OrderedNamed):
    """A province, district-level unit (city, town, district) or commune."""

    # Public reference data: any admin user may pick it in a chooser (portal/admin/object_gate.py).
    admin_chooser_public = True

    kind = models.CharField(_("cấp"), max_length=60, blank=True, help_text=_("Ví dụ: thành phố, thị xã, huyện, tỉnh."))
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("còn hiệu lực"), default=True)

    # Autocomplete: the admin's choosers answer "Phong" with "Phòng Giáo dục…" as the user types, not only at a word.
    search_fields = [
        index.SearchField("name"),
        index.SearchField("folded_name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("folded_name"),
    ]

    class Meta(OrderedNamed.Meta):
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    @property
    def folded_name(self):
        return folded(self.name)

    @property
    def full_name(self):
        """The name with its level, as a document names the unit: "Thành phố Tam Kỳ" for Tam Kỳ (thành phố); a
        name that already starts with its level ("Huyện Đại Lộc", "Tỉnh Quảng Nam") is kept as it is."""
        kind, name = " ".join(self.kind.split()), " ".join(self.name.split())
        if not kind or folded(name).startswith(folded(kind) + " "):
            return name
        return f"{kind[:1].upper()}{kind[1:]} {name}"


class AgencyKind(OrderedNamed):
    # Public reference data: any admin user may pick it in a chooser (portal/admin/object_gate.py).
    admin_chooser_public = True

    class Meta(OrderedNamed.Meta):
        verbose_name = _("loại cơ quan")
        verbose_name_plural = _("loại cơ quan")


class Agency(index.Indexed, OrderedNamed):
    """A department, district committee, association or school that nominates candidates."""

    # Public reference data: any admin user may pick it in a chooser (portal/admin/object_gate.py).
    admin_chooser_public = True

    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.ForeignKey(AgencyKind, verbose_name=_("loại"), on_delete=models.PROTECT, related_name="agencies")
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("folded_name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("folded_name"),
        index.FilterField("kind"),
    ]

    class Meta(OrderedNamed.Meta):
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    @property
    def folded_name(self):
        return folded(self.name)
