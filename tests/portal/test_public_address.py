"""Every absolute link the portal writes is at BASE_URL (issue 13 item 6): the sitemap, the calendar feeds' URL:
lines, RSS, e-mails, certificates. The default Site the first migration made (localhost:80) is aligned with BASE_URL
after migrate, and `make run` sets BASE_URL from its PORT."""

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Site

from events.feeds import clear_local_feeds
from tests.factories.clubs import make_club, make_news
from tests.factories.events import event_index, make_event

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def production_address(settings):
    """The state of a production database before this fix: the first migration's Site, a public BASE_URL, a request
    that reaches Django through nginx with the public host name; then the migrate that every deployment runs."""
    def switch(address, host):
        Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
        settings.WAGTAILADMIN_BASE_URL = address
        settings.ALLOWED_HOSTS = [host, "testserver"]
        cache.clear()
        clear_local_feeds()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what `migrate` ends with
        cache.clear()
    yield switch
    cache.clear()
    clear_local_feeds()


def sitemap_locations(client, host):
    root = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST=host).content)
    return [url.findtext("sm:loc", namespaces=NS) for url in root.findall("sm:url", NS)]


@pytest.mark.parametrize(
    ("address", "host"),
    [("https://example.gov.vn", "example.gov.vn"), ("https://127.0.0.1:8080", "127.0.0.1")],  # the second: stack.py
)
def test_sitemap_feeds_and_rss_are_at_base_url(client, site_tree, production_address, address, host):
    directory, news_index = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Hội An")
    make_news(news_index, title="Tin mạng lưới")
    event = make_event(event_index(club.get_parent().get_parent().specific), title="Ngày hội khởi nghiệp")
    production_address(address, host)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ((host, 443) if address == "https://example.gov.vn" else (host, 8080))

    locations = sitemap_locations(client, host)
    assert f"{address}/" in locations and club.get_full_url() in locations
    assert all(location.startswith(address + "/") for location in locations), locations
    assert club.get_full_url() == f"{address}{club.url}"

    calendar = client.get("/lich/tat-ca.ics", HTTP_HOST=host).content.decode().replace("\r\n ", "")
    assert f"{address}{event.url}" in calendar
    assert "localhost" not in calendar and "http://127.0.0.1" not in calendar

    rss = client.get("/tin-tuc/rss/", HTTP_HOST=host).content.decode()
    assert f"<link>{address}/</link>" in rss and f"{address}/tin-tuc/" in rss
    assert "localhost" not in rss and "http://example" not in rss and "http://127.0.0.1" not in rss


def test_the_subscribe_page_and_the_event_mail_link_to_base_url(client, home, production_address, committed):
    event = make_event(event_index(home), title="Hội thảo chuyển đổi số")
    production_address("https://example.gov.vn", "example.gov.vn")

    page = client.get("/lich/", HTTP_HOST="example.gov.vn").content.decode()
    assert "https://example.gov.vn/lich/tat-ca.ics" in page and "webcal://example.gov.vn/lich/tat-ca.ics" in page
    listing = client.get(event.get_parent().url, HTTP_HOST="example.gov.vn").content.decode()
    assert 'href="webcal://example.gov.vn/lich/tat-ca.ics"' in listing
    assert ">https://example.gov.vn/lich/tat-ca.ics<" in listing

    from events import services
    from tests.factories.events import registration_data

    with committed():
        registration = services.register(event, **registration_data())
    [message] = mail.outbox
    assert f"https://example.gov.vn{event.url}" in message.body
    assert f"https://example.gov.vn/dang-ky/{registration.token}/" in message.body
    assert "localhost" not in message.body and "testserver" not in message.body


def test_align_leaves_an_aligned_site_and_a_taken_address_alone(home, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://example.gov.vn/"
    from portal.addresses import align_default_site

    assert align_default_site() is True
    assert align_default_site() is False  # nothing to do the second time
    default = Site.objects.get(is_default_site=True)
    root_page = default.root_page_id
    settings.WAGTAILADMIN_BASE_URL = "https://other.gov.vn"
    Site.objects.create(hostname="other.gov.vn", port=443, root_page_id=root_page)

    assert align_default_site() is False
    default.refresh_from_db()
    assert (default.hostname, default.port, default.root_page_id) == ("example.gov.vn", 443, root_page)


def test_certificates_frozen_at_a_development_address_are_readdressed(settings):
    from tests.factories.training_cohorts import issued_certificate
    from training.certificates import services
    from training.certificates.models import Certificate

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    old = issued_certificate()
    assert old.data["verify_url"] == f"http://127.0.0.1:8000/tot/xac-minh/{old.code}/"
    snapshot_before = dict(old.data)

    settings.WAGTAILADMIN_BASE_URL = "https://example.gov.vn"
    call_command("readdress_certificates", "--dry-run", stdout=(out := io.StringIO()))
    assert "1 giấy chứng nhận" in out.getvalue()
    assert Certificate.objects.get(pk=old.pk).data == snapshot_before  # a dry run changes nothing

    call_command("readdress_certificates", stdout=(out := io.StringIO()))
    old.refresh_from_db()
    right = f"https://example.gov.vn/tot/xac-minh/{old.code}/"
    assert old.data == {**snapshot_before, "verify_url": right}  # only the address moved
    assert "cho 1 giấy chứng nhận" in out.getvalue()
    assert services.readdress_certificates() == 0  # again: nothing left to do

    pdf_bytes, _ = services.certificate_pdf(old)
    pypdf = pytest.importorskip("pypdf")
    text = pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text()
    assert right in text.replace("\n", "") and "127.0.0.1" not in text
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pdfium.PdfDocument(pdf_bytes)[0].render(scale=2).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode] == [right]


def test_new_certificates_freeze_base_url(settings):
    from tests.factories.training_cohorts import issued_certificate

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:9400"
    certificate = issued_certificate()
    assert certificate.data["verify_url"] == f"http://127.0.0.1:9400/tot/xac-minh/{certificate.code}/"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.django_db(False)
def test_make_run_gives_every_command_base_url_from_its_port(tmp_path):
    # A stand-in Python that prints the BASE_URL each command of `make run` gets (nothing runs for real).
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "BASE_URL=$BASE_URL $*"\n')
    fake.chmod(0o755)

    def run(*args):
        return subprocess.run(
            ["make", "-o", ".venv/.installed", "run", f"PY={fake}", *args],
            cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
            env={"PATH": "/usr/bin:/bin", "BASE_URL": "http://127.0.0.1:8000"},  # a stale shell export loses
        ).stdout.splitlines()

    lines = run("PORT=9400")
    commands = [line for line in lines if line.startswith("BASE_URL=")]
    names = [line.split()[2] for line in commands]
    assert {"migrate", "readdress_certificates", "seed_demo", "collectstatic", "runserver"} <= set(names), lines
    assert all(line.startswith("BASE_URL=http://127.0.0.1:9400 ") for line in commands), commands
    assert "Đang khởi động máy chủ: http://127.0.0.1:9400/   Quản trị: http://127.0.0.1:9400/admin/" in lines
    assert not [line for line in lines if "8000" in line or "localhost" in line]

    given = run("PORT=9400", "BASE_URL=https://demo.example.vn")
    assert all(line.startswith("BASE_URL=https://demo.example.vn ") for line in given if line.startswith("BASE_URL="))
