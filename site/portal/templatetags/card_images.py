"""`{% card_image image %}`: a listing card's picture (portal.pages.card_images), empty without an image."""

from django import template

from portal.pages.card_images import card_img_tag

register = template.Library()


@register.simple_tag
def card_image(image):
    return card_img_tag(image) if image is not None else ""
