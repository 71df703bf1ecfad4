"""ASCII slugs for every page and snippet an editor creates: "Chuyển đổi số" -> chuyen-doi-so.

Wagtail's slug widget transliterates with Django's URLify maps, which know neither đ as Vietnamese d (Serbian "dj")
nor the letters with two marks (ể, ậ, ỗ ...), and drops what it does not know; Django's slugify on the server, used
when the slug is left empty, drops đ (chuyen-oi-so). So the widget gets Vietnamese formatters (run before its own
transliteration), the form field folds whatever unicode slug is typed or pasted, and a page saved with an empty or
unicode slug gets the folded one (portal.pages.search.ascii_slug) before it is stored; so does a new tag.
"""

import re

from django import forms
from django.db import models
from django.db.models.signals import pre_save
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput
from wagtail.models import Page

from portal.pages.search import ascii_slug

# One formatter per base letter: each class holds the Vietnamese forms of the letter, both cases.
VIETNAMESE_LETTERS = {
    "a": "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
    "d": "đĐ",
    "e": "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ",
    "i": "ìíỉĩịÌÍỈĨỊ",
    "o": "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
    "u": "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ",
    "y": "ỳýỷỹỵỲÝỶỸỴ",
}
FORMATTERS = [(f"[{letters}]", base) for base, letters in VIETNAMESE_LETTERS.items()]


class VietnameseSlugInput(SlugInput):
    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs=attrs, formatters=[*FORMATTERS, *(formatters or [])], locale=locale)


class FoldedSlugField(forms.SlugField):
    """A slug typed or pasted with Vietnamese letters is folded, not refused: "chuyển-đổi-số" -> chuyen-doi-so."""

    def to_python(self, value):
        value = super().to_python(value)
        return ascii_slug(value) if value and not value.isascii() else value


def _fold_page_slug(sender, instance, **kwargs):
    """Last line, whatever form or script saved the page: a unicode slug, or the slug Wagtail made from the title
    with Django's slugify (which drops đ), becomes the folded title or slug."""
    if not isinstance(instance, Page) or not instance.slug:
        return
    if not instance.slug.isascii():
        instance.slug = _available(instance, ascii_slug(instance.slug))
    elif instance.pk is None and instance.title and re.fullmatch(
        re.escape(slugify(instance.title)) + r"(-\d+)?", instance.slug
    ):
        folded = ascii_slug(instance.title)
        if folded and folded != slugify(instance.title):
            instance.slug = _available(instance, folded)


def _fold_tag_slug(sender, instance, **kwargs):
    """taggit folds a tag's name with unidecode when installed, and without it Django's slugify drops đ
    ("chuyen-oi-so"): a new tag's slug made that way (taggit adds "_<n>" on a clash) becomes the folded name."""
    if not instance._state.adding or not instance.name:
        return
    match = re.fullmatch(re.escape(slugify(instance.name)) + r"(_\d+)?", instance.slug or "")
    if match:
        instance.slug = (ascii_slug(instance.name) or instance.slug) + (match[1] or "")


def _available(page, slug):
    slug = slug[:255] or "trang"
    parent = page.get_parent() if page.path else None
    if parent is None or Page._slug_is_available(slug, parent, page):
        return slug
    number = 2
    while not Page._slug_is_available(f"{slug}-{number}", parent, page):
        number += 1
    return f"{slug}-{number}"


def connect():
    register_form_field_override(
        models.SlugField, override={"widget": VietnameseSlugInput, "form_class": FoldedSlugField}
    )
    pre_save.connect(_fold_page_slug, dispatch_uid="portal.admin.slugs.fold_page_slug")
    pre_save.connect(_fold_tag_slug, sender=Tag, dispatch_uid="portal.admin.slugs.fold_tag_slug")
