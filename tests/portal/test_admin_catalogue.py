"""The admin in Vietnamese (issue 13): every string Django and the installed apps can show has a Vietnamese
translation, in our `locale/vi` or in the package's own catalogue, and from outside the log-in page, the dashboard,
the page editor, the approve button and Wagtail's moderation e-mails read Vietnamese, with no English left."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
import wagtail
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.models import Page

from tests.factories.clubs import club_editor, make_club
from tests.factories.portal import board_user
from tests.portal.po_files import broken_placeholders, catalogue_key, compiled_mismatches, read_entries

VI_DIR = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")


def third_party_locales():
    """(label, locale folder) of Django itself and of every installed app that ships translations (ours ship none:
    our strings are Vietnamese in the source, their English is in the project's locale/en)."""
    yield "django", Path(django.__file__).parent / "conf" / "locale"
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path) / "locale"
        ours = Path(settings.BASE_DIR) in folder.parents and "site-packages" not in folder.parts  # .venv is inside
        if folder.is_dir() and not ours:
            yield app_config.name, folder


def template_entries(folder, domain):
    """The package's msgids: its English catalogue, or, for packages that ship none (django-filter, django-axes,
    django-otp), every msgid of its other languages' catalogues (none of them has them all)."""
    english = folder / "en" / "LC_MESSAGES" / f"{domain}.po"
    if english.exists():
        return read_entries(english)
    entries = {}
    for path in sorted(folder.glob(f"*/LC_MESSAGES/{domain}.po")):
        for entry in read_entries(path):
            entries.setdefault(catalogue_key(entry), entry)
    return list(entries.values())


def templates():
    """{(app label, domain): entries of the template} for every third-party catalogue the admin loads."""
    found = {}
    for label, folder in third_party_locales():
        for domain in DOMAINS:
            entries = template_entries(folder, domain)
            if entries:
                found[label, domain] = entries
    return found


TEMPLATES = templates()


def js_catalogue(client):
    """The catalogue the admin's JavaScript receives, as served by /admin/jsi18n/ (JavaScriptCatalog of
    wagtail.admin, then LOCALE_PATHS)."""
    client.force_login(board_user(username="js_catalogue"))
    source = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", source, re.DOTALL).group(1))


def untranslated(entries, translated):
    """msgids of `entries` that the catalogue `translated(key, plural)` does not translate."""
    return [entry["msgid"] for entry in entries if not translated(catalogue_key(entry), "msgid_plural" in entry)]


@pytest.mark.parametrize("app_domain", sorted(TEMPLATES), ids="/".join)
def test_every_string_of_the_app_is_translated_to_vietnamese(app_domain, client, db):
    """Our catalogue or the package's vi catalogue gives a non-empty, non-fuzzy msgstr (gettext skips fuzzy and
    empty ones when compiling): checked in what Django actually loads for "vi"."""
    app, domain = app_domain
    if domain == "django":
        catalogue = trans_real.translation("vi")._catalog

        def translated(key, plural):
            return bool(catalogue.get((key, 0) if plural else key))
    else:
        catalogue = js_catalogue(client)

        def translated(key, plural):
            value = catalogue.get(key)
            return bool(value[0] if plural and isinstance(value, list) else value)

    missing = untranslated(TEMPLATES[app_domain], translated)

    assert missing == [], f"{app} ({domain}): {len(missing)} strings have no Vietnamese translation:\n" + "\n".join(
        missing
    )


@pytest.fixture(scope="module", params=DOMAINS)
def vi_catalogue(request):
    return request.param, read_entries(VI_DIR / f"{request.param}.po")


def test_the_catalogue_declares_vietnamese_with_one_plural_form():
    for domain in DOMAINS:
        header = (VI_DIR / f"{domain}.po").read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert '"Language: vi\\n"' in header
        assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete(vi_catalogue):
    domain, entries = vi_catalogue
    text = (VI_DIR / f"{domain}.po").read_text(encoding="utf-8")

    assert [entry["msgid"] for entry in entries if not all(entry["msgstr"].values())] == []
    assert [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]] == []
    assert [entry["msgid"] for entry in entries if "msgid_plural" in entry and set(entry["msgstr"]) != {0}] == []
    assert "\n#~" not in text, "obsolete entries: was makemessages run for vi? (README, Vietnamese admin)"


def test_the_catalogue_holds_no_string_of_ours(vi_catalogue):
    """makemessages -l vi would add our own source strings (the msgids of locale/en): they are Vietnamese already."""
    _, entries = vi_catalogue
    ours = {catalogue_key(entry) for entry in read_entries(Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po")}

    assert [entry["msgid"] for entry in entries if catalogue_key(entry) in ours] == []


def test_placeholders_and_markup_survive_translation(vi_catalogue):
    _, entries = vi_catalogue

    assert broken_placeholders(entries) == []


def test_compiled_catalogue_matches_the_po(vi_catalogue):
    domain, entries = vi_catalogue
    mo_file = VI_DIR / f"{domain}.mo"
    assert mo_file.exists(), "compile it: make messages-vi"

    missing, compiled = compiled_mismatches(entries, mo_file)

    assert missing == [], "locale/vi is not compiled: make messages-vi"
    assert compiled == len(entries)


# From outside -------------------------------------------------------------------------------------------------------


def words(text):
    """Lower-case words of three letters or more, leaving out placeholders, markup and addresses."""
    text = re.sub(r"%\(\w+\)\w|<[^>]*>|\{\w*\}|\w+://\S+|(?<!\w)/\S*", " ", text)
    return {word.lower() for word in re.findall(r"[A-Za-z]{3,}", text)}


def english_words():
    """Words of the packages' English strings that no Vietnamese translation uses (so not URL, ID, Wagtail, CSV…)."""
    english = set()
    for entries in TEMPLATES.values():
        for entry in entries:
            english |= words(entry["msgid"])
    vietnamese = set()
    for domain in DOMAINS:
        for entry in read_entries(VI_DIR / f"{domain}.po"):
            for text in entry["msgstr"].values():
                vietnamese |= words(text)
    return english - vietnamese - KEY_NAMES


KEY_NAMES = {"ctrl", "alt", "shift", "esc"}  # keys as printed on Vietnamese keyboards too (shortcuts dialog)
ENGLISH = english_words()
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "data-w-tooltip-content-value", "value"}


class ShownText(HTMLParser):
    """Text a user reads or hears: text nodes, labels and tooltips in attributes (input buttons' values), and the
    labels of the sidebar's menu (JSON for its React component). Not scripts, styles or other JSON."""

    def __init__(self):
        super().__init__()
        self.texts, self._in = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._in.append((tag, attributes.get("id")))
        shows_value = tag == "input" and attributes.get("type") in ("submit", "button", "reset")
        for name, value in attrs:
            if value and name in SHOWN_ATTRIBUTES and (name != "value" or shows_value):
                self.texts.append(value)

    def handle_endtag(self, tag):
        while self._in and self._in.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tag, element_id = self._in[-1] if self._in else ("", None)
        if element_id == "wagtail-sidebar-props":
            self.texts += sidebar_labels(json.loads(data))
        elif tag not in ("script", "style") and data.strip():
            self.texts.append(data.strip())


def sidebar_labels(node):
    if isinstance(node, dict):
        found = [value for key, value in node.items() if key == "label" and isinstance(value, str)]
        return found + [label for value in node.values() for label in sidebar_labels(value)]
    if isinstance(node, list):
        return [label for value in node for label in sidebar_labels(value)]
    return []


def english_in(texts):
    """The pieces of `texts` that carry an English word of the packages' strings."""
    return sorted({text for text in texts if words(text) & ENGLISH})


# English that Wagtail's templates hard-code, out of gettext's reach: the screen-reader-only submit button of the
# dashboard's and the listings' search box. Tolerated only while Wagtail still does so (test below).
# Wagtail 8 hard-codes some English in templates; our copies in templates/ translate it (test below). Nothing is
# tolerated any more.
HARD_CODED = {}
OUR_COPIES = {
    "wagtailadmin/shared/headers/_actions.html": ('aria-label="Actions"', 'aria-label="{% translate "Thao tác" %}"'),
    "wagtailadmin/shared/header.html": (
        'value="Search" class="button"', 'value="{% translate "Tìm kiếm" %}" class="button"'
    ),
    "wagtailadmin/home.html": ('value="Search" class="button"', 'value="{% translate "Tìm kiếm" %}" class="button"'),
}


def english_on_page(response, content=()):
    """English pieces of the page, leaving out `content` (titles and names stored in the database)."""
    assert response.status_code == 200
    parser = ShownText()
    parser.feed(response.content.decode())
    return [text for text in english_in(parser.texts) if text not in content and text not in HARD_CODED.values()]


def wagtail_template(name):
    return (Path(wagtail.__file__).parent / "admin" / "templates" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", OUR_COPIES)
def test_our_copies_of_wagtail_templates_differ_only_by_the_translated_words(name):
    """templates/<name> replaces Wagtail's, which hard-codes English (a nav label, the screen-reader search button):
    after an upgrade that changes Wagtail's, this fails, so the copy is brought up to date (or dropped)."""
    english, translated = OUR_COPIES[name]
    ours = (Path(settings.BASE_DIR) / "templates" / name).read_text(encoding="utf-8")
    theirs = wagtail_template(name)
    assert english in theirs  # still hard-coded by Wagtail: the copy is still needed
    theirs = theirs.replace(english, translated)

    def markup(text):
        return [line for line in text.splitlines() if not line.startswith(("{% load", "{#"))]

    assert markup(ours) == markup(theirs)


def test_english_detection_sees_an_untranslated_admin_string():
    """The check below is worth something: Wagtail's English is caught, Vietnamese (with or without diacritics,
    with borrowed words such as URL) is not."""
    parser = ShownText()
    parser.feed(
        '<button aria-label="More actions">Lưu bản nháp</button><p>Save draft</p><p>Xem trang tin</p>'
        '<a title="URL">ID</a><script>var x = "Sign in to Wagtail";</script>'
    )

    assert english_in(parser.texts) == ["More actions", "Save draft"]


@pytest.fixture
def club_news(site_tree):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    board = board_user(username="bandieuhanh", email="bandieuhanh@example.vn", first_name="Lan", last_name="Trần")
    editor = club_editor(club, username="bientap", email="bientap@example.vn")
    return {"club": club, "board": board, "editor": editor}


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("wagtailadmin_login"))

    content = response.content.decode()
    assert "Đăng nhập trang quản trị" in content
    assert "Sign in to Wagtail" not in content
    assert english_on_page(response) == []


def test_board_dashboard_and_menus_are_vietnamese(client, club_news):
    client.force_login(club_news["board"])

    response = client.get(reverse("wagtailadmin_home"))

    parser = ShownText()
    parser.feed(response.content.decode())
    for label in ("Hình ảnh", "Tài liệu", "Báo cáo", "Trợ giúp", "Quy trình duyệt", "Mục dữ liệu"):
        assert label in parser.texts
    assert english_on_page(response) == []


def add_news_url(club):
    return reverse("wagtailadmin_pages:add", args=("clubs", "newspage", club.pk))


def test_page_editor_shows_no_english(client, club_news):
    client.force_login(club_news["editor"])

    response = client.get(add_news_url(club_news["club"]))

    content = response.content.decode()
    for english in ("Save draft", "More actions", "Page title", "Submit for moderation"):
        assert english not in content
    for vietnamese in ("Lưu bản nháp", "Thao tác khác", "Tiêu đề trang", "Gửi duyệt"):
        assert vietnamese in content
    assert english_on_page(response) == []


def submit_news(client, club_news):
    """The editor submits a news item to the Board's workflow through the add form, as in test_editor_workflow."""
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

    from clubs.models import NewsPage

    client.force_login(club_news["editor"])
    url = add_news_url(club_news["club"])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update({"title": "Ngày hội khởi nghiệp Tam Kỳ", "slug": "ngay-hoi-khoi-nghiep", "action-submit": "1"})
    data.update(nested_form_data({"body": streamfield([])}))
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return NewsPage.objects.get(slug="ngay-hoi-khoi-nghiep")


def test_approve_button_reads_approve_and_publish_with_its_space(client, club_news):
    news = submit_news(client, club_news)
    client.force_login(club_news["board"])

    response = client.get(reverse("wagtailadmin_pages:edit", args=(news.pk,)))

    content = response.content.decode()
    assert "Phê duyệt và xuất bản" in content
    assert "Phê duyệt kèm góp ý và xuất bản" in content
    assert "chuẩnvà" not in content and "and Publish" not in content
    # The breadcrumbs start at the tree's root page, titled "Root" by Wagtail's first migration: content, not a string.
    assert english_on_page(response, content=[Page.get_first_root_node().title]) == []


def test_moderation_email_to_the_board_is_vietnamese(client, club_news):
    mail.outbox.clear()

    submit_news(client, club_news)

    [message] = [message for message in mail.outbox if club_news["board"].email in message.to]
    assert message.subject == (
        "Trang “Ngày hội khởi nghiệp Tam Kỳ” đã được gửi để phê duyệt ở bước duyệt “Ban Điều hành duyệt”"
    )
    assert "Kính gửi Lan," in message.body
    assert "Xem trước trang tại đây:" in message.body
    assert "Thay đổi cài đặt nhận thông báo tại đây:" in message.body
    assert english_in(message.body.splitlines()) == []
    for _, html in getattr(message, "alternatives", []):
        parser = ShownText()
        parser.feed(html)
        assert english_in(parser.texts) == []


def test_approval_email_to_the_editor_is_vietnamese(client, club_news):
    news = submit_news(client, club_news)
    task_state = news.current_workflow_task_state
    client.force_login(club_news["board"])
    mail.outbox.clear()

    client.post(reverse("wagtailadmin_pages:workflow_action", args=(news.pk, "approve", task_state.pk)), {})

    [message] = [message for message in mail.outbox if club_news["editor"].email in message.to]
    assert message.subject == (
        "Trang “Ngày hội khởi nghiệp Tam Kỳ” đã được phê duyệt theo quy trình “Ban Điều hành duyệt”."
    )
    assert english_in(message.body.splitlines()) == []


def test_english_admin_still_speaks_english(client, club_news):
    """Our catalogue is Vietnamese only: a user who picks English in the admin keeps Wagtail's English."""
    with translation.override("en"):
        assert translation.gettext("Save draft") == "Save draft"
    with translation.override("vi"):
        assert translation.gettext("Save draft") == "Lưu bản nháp"
