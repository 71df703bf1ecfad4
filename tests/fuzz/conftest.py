"""Fuzzing harness: hypothesis strategies of hostile input, and the checks every fuzzed request must pass.

- Profiles: `portal` (default; ~40 examples a form, derandomised so CI is repeatable) and `explore`
  (HYPOTHESIS_PROFILE=explore: random, 500 examples a form, for a long local run).
- Hypothesis runs every example of a test inside the one database transaction of pytest-django's `db` fixture
  (function-scoped fixtures are set up once per test, as hypothesis' maintainers describe), so the checks compare
  row counts before and after each request rather than against a fresh database.
"""

import os
import unicodedata

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

settings.register_profile(
    "portal",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("explore", parent=settings.get_profile("portal"), max_examples=500, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "portal"))

VIETNAMESE = ["Nguyễn Thị Ánh", "Hồ Quang Bửu", "Trần Văn Đức", "ĐẶNG THỊ HƯỜNG", "Lê Thị Thu Hà", "Quảng Nam"]
PAYLOADS = [
    # SQL
    "' OR '1'='1", "'; DROP TABLE portal_user; --", '" OR ""="', "1; SELECT pg_sleep(5)", "1 UNION SELECT NULL--",
    # markup and templates
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "{{ 7*7 }}", "{% debug %}", "${7*7}", "&#60;b&#62;",
    # formulas
    '=HYPERLINK("http://evil.example")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
    # paths, URLs and control characters
    "../../../etc/passwd", "//evil.example/", "javascript:alert(1)", "http://evil.example/", "\x00", "a\x00b",
    "%00", "\u202eevil", "\ufeffBOM", "\u200b", "\r\nSet-Cookie: x=1", "\t", " ", "",
    # numbers and dates
    "9" * 40, "-9223372036854775809", "18446744073709551616", "1e309", "NaN", "-0", "0x1F", "١٢٣",
    "2026-13-45", "31/02/2026", "0000-00-00", "9999-12-31", "10000-01-01", "2026-02", "99999-01", "12/2026", "2026-1",
    # Vietnamese, precomposed (NFC) and decomposed (NFD), and very long text
    *VIETNAMESE, *[unicodedata.normalize("NFD", name) for name in VIETNAMESE],
    "a" * 5000, "Ứ" * 3000, "Nguyễn " * 400,
]
emails = st.tuples(st.sampled_from(["anh", "Bich.Tran", "buu+tot"]), st.integers(1, 10**9)).map(
    lambda parts: f"{parts[0]}{parts[1]}@example.vn")  # valid for Django's EmailField (st.emails() is not always)
TEXT = st.characters(exclude_categories=("Cs",))  # surrogates cannot be sent as UTF-8

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(TEXT, max_size=40),
    st.tuples(st.sampled_from(PAYLOADS), st.text(TEXT, max_size=10), st.sampled_from(PAYLOADS)).map("".join),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))  # a list for a scalar field


def _strategy(valid):
    return valid if isinstance(valid, st.SearchStrategy) else st.just(valid)


def form_data(fields, optional=()):
    """A dict of form data for `fields` (name -> a valid value, a strategy of valid values, or None when no valid
    value is known). Three shapes, equally likely: every field valid (reaches the success path), every field valid
    but one hostile (the edge of each field), or chaos (any field hostile, optional fields left out, stray fields
    added). A hostile value is text, a number, a date-like string, or a list where one value is expected."""

    @st.composite
    def build(draw):
        mode = draw(st.sampled_from(["valid", "one", "chaos"]))
        mutated = draw(st.sampled_from(sorted(fields))) if mode == "one" else None
        data = {}
        for name, valid in fields.items():
            if valid is None and name in optional and mode != "chaos":
                continue
            if mode == "chaos" and name in optional and draw(st.booleans()):
                continue
            hostile = valid is None or name == mutated or (mode == "chaos" and draw(st.booleans()))
            data[name] = draw(hostile_value if hostile else _strategy(valid))
        if mode == "chaos":
            stray = st.sampled_from(["id", "pk", "status", "agency", "user", "csrfmiddlewaretoken", "consent_at"])
            data = {**draw(st.dictionaries(stray, hostile_value, max_size=2)), **data}
        return data

    return build()


query_params = form_data  # GET filters take the same shapes


def counts(*models):
    return {model.__name__: model.objects.count() for model in models}


def assert_ok(response):
    """Never a server error. (The test client re-raises a view's exception, so a crash fails with its traceback.)"""
    assert response.status_code < 500, response.status_code


def assert_nothing_saved_unless(response, before, models, created=None):
    """A form error (any answer but a redirect) changes nothing; a redirect adds at most `created` rows of each
    model named in it (default: nothing changes)."""
    after = counts(*models)
    created = created or {}
    saved = response.status_code in (301, 302, 303)
    event("redirected (saved or refused by a rule)" if saved else f"answered {response.status_code} (form errors)")
    for name, count in after.items():
        allowed = {0, created.get(name, 0)} if saved else {0}
        assert count - before[name] in allowed, (response.status_code, name, before[name], count)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (verification, log-in) and cached feeds start empty for each test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_site(site_tree, home):
    """A small network: a club with a tagged news item, an upcoming conference, a past study tour, a certified
    trainer on the register with a valid certificate."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories.clubs import make_club, make_news
    from tests.factories.events import event_index, event_kind, make_event, study_tour_kind

    directory, news_index = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    news = make_news(club, title="Ngày hội khởi nghiệp Quảng Nam")
    news.tags.add("du lịch số")
    news.save_revision().publish()
    index = event_index(home)
    conference = make_event(index, title="Hội nghị mạng lưới CLB", kind=event_kind(), capacity=500, club=club)
    tour = make_event(index, title="Đoàn khảo sát Đà Nẵng", kind=study_tour_kind(),
                      start=timezone.now() - timedelta(days=5))
    return {"club": club, "news_index": news_index, "directory": directory, "events": index,
            "conference": conference, "tour": tour}
