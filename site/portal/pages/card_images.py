"""The picture of a listing card: one rendition spec, prefetched with the listing and shown without a cache write.

Wagtail's `{% image %}` calls `Image.get_rendition`, which writes the rendition back to the cache every time it
is shown, prefetched or not: on a list of 20 cards, 20 Redis writes (and, without a prefetch, 20 reads) per page.
`Image.get_renditions` takes a prefetched rendition as it is, so a listing that prefetches `CARD_IMAGE` with
`renditions_prefetch()` and shows it with `{% card_image %}` (portal.templatetags.card_images) costs one query.
"""

from django.db.models import Prefetch
from django.utils.html import format_html
from wagtail.images import get_image_model
from wagtail.images.shortcuts import get_renditions_or_not_found

CARD_IMAGE = "fill-480x270"


def renditions_prefetch(image_path):
    """The prefetch of the card renditions of the image at `image_path` ("image", "idea__image")."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE)
    return Prefetch(f"{image_path}__renditions", queryset=renditions)


def card_img_tag(image):
    """The <img> of `image` as a card shows it; a missing original file gives a broken image, not an error. The
    card's title says what it is, so the picture is decoration (empty alt). Written out rather than through
    `Rendition.img_tag`, whose attribute joining (flatatt) was a tenth of the news list's CPU."""
    rendition = get_renditions_or_not_found(image, [CARD_IMAGE])[CARD_IMAGE]
    return format_html(
        '<img alt="" height="{}" loading="lazy" src="{}" width="{}">', rendition.height, rendition.url, rendition.width
    )
