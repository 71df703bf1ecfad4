"""The read-only API of the idea bank (django-ninja): published entries with filters and pagination, one entry,
and the whole export, described by the OpenAPI 3 document at /api/y-tuong/openapi.json. The trading floor and
other provincial portals reuse the entries from here.

Only what the owner chose to show leaves the portal: never the owner's account, and the team and the contact only
when the owner ticked them. Every parameter is bounded in the schema (a wrong one is a 422 that says which, never
a 500); text is JSON-escaped by the encoder."""

from datetime import datetime
from functools import wraps

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import Throttled
from ninja.renderers import JSONRenderer
from ninja.throttling import BaseThrottle

from portal.addresses import absolute
from portal.inputs.text import clean_line, clean_text
from portal.security import ratelimit

from .enums import Need, Stage
from .models import Entry

SLUG = r"^[-a-z0-9]{1,100}$"
MAX_PAGE_SIZE = 100


class EscapingJSONRenderer(JSONRenderer):
    """JSON with <, > and & as \\u escapes (as Django's json_script): a consumer that drops a value into HTML, or
    a browser sniffing the response, finds no markup in it. The characters only occur inside strings."""

    def render(self, request, data, *, response_status):
        text = super().render(request, data, response_status=response_status)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class PortalThrottle(BaseThrottle):
    """django-ninja's throttling on the portal's own counter (portal.security.ratelimit): one atomic count per
    client address in the shared cache, read from the proxy's header like every other limit of the portal."""

    def __init__(self, name):
        self.name = name

    def allow_request(self, request):
        return ratelimit.allow(request, self.name)

    def wait(self):
        return ratelimit.limit_of(self.name)[1]


api = NinjaAPI(
    renderer=EscapingJSONRenderer(),
    title="Ngân hàng ý tưởng khởi nghiệp Quảng Nam",
    version="1.0",
    description="Các ý tưởng, dự án khởi nghiệp đã được công bố trên cổng thông tin (chỉ đọc).",
    urls_namespace="ideas_api",
    docs_url=None,  # the interactive docs load scripts from a CDN the CSP forbids; the document is enough
    openapi_url="/openapi.json",
    throttle=PortalThrottle("api"),
)


@api.exception_handler(Throttled)
def too_many_requests(request, error):
    response = api.create_response(
        request,
        {"detail": _("Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau ít phút.")},
        status=429,
    )
    return ratelimit.retry_after(response, error.wait or 60)


class Named(Schema):
    slug: str
    name: str


class Club(Schema):
    title: str
    url: str | None


class Contact(Schema):
    name: str
    email: str
    phone: str


class EntryOut(Schema):
    id: int
    url: str
    title: str
    summary: str
    sector: Named
    stage: Stage
    needs: list[Need]
    district: Named
    club: Club | None
    team: str | None = Field(description="Chỉ khi người gửi chọn công khai nhóm thực hiện.")
    contact: Contact | None = Field(description="Chỉ khi người gửi chọn công khai thông tin liên hệ.")
    image_url: str | None
    document_url: str | None
    published_at: datetime | None
    updated_at: datetime


class EntryPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[EntryOut]


class NotFound(Schema):
    detail: str


class TooManyRequests(Schema):
    detail: str = Field(description="Vượt giới hạn số yêu cầu; thử lại sau số giây ở tiêu đề Retry-After.")


class Invalid(Schema):
    """A parameter refused: which one (`loc`) and why (`msg`), as django-ninja reports it."""

    detail: list[dict]


def public_url(url):
    return absolute(url) if url and url.startswith("/") else url


def shown(entry):
    """An entry as the API shows it: only what its public page shows."""
    club = entry.club if entry.club_id and entry.club.live else None
    return {
        "id": entry.pk,
        "url": absolute(reverse("ideas:entry", args=[entry.pk])),
        "title": clean_line(entry.title),
        "summary": clean_text(entry.summary),
        "sector": {"slug": entry.sector.slug, "name": clean_line(entry.sector.name)},
        "stage": entry.stage,
        "needs": [need.value for need in entry.needs],
        "district": {"slug": entry.district.slug, "name": clean_line(entry.district.name)},
        "club": {"title": clean_line(club.title), "url": public_url(club.get_url())} if club else None,
        "team": clean_text(entry.team) if entry.show_team and entry.team else None,
        "contact": {
            "name": clean_line(entry.contact_name),
            "email": entry.contact_email,
            "phone": clean_line(entry.contact_phone),
        }
        if entry.show_contact
        else None,
        "image_url": absolute(entry.image.file.url) if entry.image_id else None,
        "document_url": absolute(entry.document.url) if entry.document_id else None,
        "published_at": entry.published_at,
        "updated_at": entry.updated_at,
    }


def filtered(q, sector, district, stage, need):
    entries = Entry.objects.showcase()
    if q:
        entries = entries.search(q)
    if sector:
        entries = entries.filter(sector__slug=sector)
    if district:
        entries = entries.filter(district__slug=district)
    if stage:
        entries = entries.filter(stage=stage)
    if need:
        entries = entries.with_need(need)
    return entries


@api.get(
    "/entries",
    response={200: EntryPage, 422: Invalid, 429: TooManyRequests},
    summary="Các ý tưởng, dự án đã công bố",
    operation_id="list_entries",
)
def list_entries(
    request,
    q: str = Query("", max_length=200, description="Tìm không dấu: “nong nghiep” khớp “nông nghiệp”."),
    sector: str | None = Query(None, pattern=SLUG, description="Mã lĩnh vực."),
    district: str | None = Query(None, pattern=SLUG, description="Mã đơn vị hành chính."),
    stage: Stage | None = Query(None, description="Giai đoạn."),  # noqa: B008
    need: Need | None = Query(None, description="Nhu cầu hỗ trợ."),  # noqa: B008
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
):
    entries = filtered(q, sector, district, stage, need)
    count = entries.count()
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": max(1, -(-count // page_size)),
        "results": [shown(entry) for entry in entries[start : start + page_size]],
    }


@api.get(
    "/entries/{entry_id}",
    response={200: EntryOut, 404: NotFound, 422: Invalid, 429: TooManyRequests},
    summary="Một ý tưởng, dự án",
    operation_id="get_entry",
)
def get_entry(request, entry_id: int = Path(..., ge=1, le=2**63 - 1)):
    entry = Entry.objects.showcase().filter(pk=entry_id).first()
    if entry is None:
        return Status(404, {"detail": _("Không tìm thấy ý tưởng.")})
    return Status(200, shown(entry))


@api.get(
    "/export",
    response={200: list[EntryOut], 429: TooManyRequests},
    summary="Xuất toàn bộ ý tưởng đã công bố (JSON)",
    operation_id="export_entries",
    throttle=[PortalThrottle("api"), PortalThrottle("api_export")],
)
def export_entries(request, response: HttpResponse):
    """Every published entry at once, as a file to download (the trading floor's nightly import)."""
    response["Content-Disposition"] = 'attachment; filename="ngan-hang-y-tuong.json"'
    return [shown(entry) for entry in Entry.objects.showcase().iterator(chunk_size=2000)]


def readable_from_any_origin(view):
    """CORS for a page of another portal: the API is public and read-only and answers the same with or without a
    cookie, so any origin may read it (without credentials: no Allow-Credentials, so no cookie is ever sent)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def urls():
    """The API's URL patterns (its operations and the OpenAPI document), each readable from any origin."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = readable_from_any_origin(pattern.callback)
    return patterns, app_name, namespace
