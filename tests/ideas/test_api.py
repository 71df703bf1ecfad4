"""The read-only API and the JSON export: every response matches the OpenAPI document it publishes (checked with
a small validator of the JSON Schema the document uses), fuzzed parameters never give a 500, nothing personal
leaves beyond what the owner chose, text is escaped, and the queries do not grow from 10 to 10,000 entries."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.ideas import bulk_entries, make_entry, sector
from tests.factories.portal import AdministrativeUnitFactory

pytestmark = pytest.mark.django_db

API = "/api/y-tuong"


class SchemaError(AssertionError):
    pass


def validate(value, schema, document, where="$"):
    """The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that django-ninja writes."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return validate(value, document["components"]["schemas"][name], document, where)
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            try:
                return validate(value, option, document, where)
            except SchemaError:
                continue
        raise SchemaError(f"{where}: {value!r} matches none of {schema['anyOf']}")
    kind = schema.get("type")
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
    }
    if kind and not checks[kind](value):
        raise SchemaError(f"{where}: {value!r} is not {kind}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{where}: {value!r} not in {schema['enum']}")
    if schema.get("format") == "date-time" and not re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value):
        raise SchemaError(f"{where}: {value!r} is not a date-time")
    if kind == "array" and "items" in schema:
        for index, item in enumerate(value):
            validate(item, schema["items"], document, f"{where}[{index}]")
    if kind == "object":
        missing = set(schema.get("required", [])) - set(value)
        if missing:
            raise SchemaError(f"{where}: missing {sorted(missing)}")
        properties = schema.get("properties", {})
        if properties and set(value) - set(properties):
            raise SchemaError(f"{where}: undocumented {sorted(set(value) - set(properties))}")
        for name, item in value.items():
            if name in properties:
                validate(item, properties[name], document, f"{where}.{name}")
    return value


@pytest.fixture
def document(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


def checked(client, document, path, operation, query=""):
    """The response, after checking its status and body against the document's operation."""
    response = client.get(f"{API}{path}{query}")
    assert response.status_code != 500
    responses = document["paths"][f"{API}{operation}"]["get"]["responses"]
    assert str(response.status_code) in responses, (path, query, response.status_code, response.content[:300])
    schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
    validate(response.json(), schema, document)
    return response


@pytest.fixture
def bank(site_tree):
    directory, _ = site_tree
    from tests.factories.clubs import make_club

    club = make_club(directory, title="CLB Khởi nghiệp Hội An")
    tourism = sector("du-lich", "Du lịch nông nghiệp – nông thôn")
    hoi_an = AdministrativeUnitFactory(name="Thành phố Hội An", slug="hoi-an")
    shown = make_entry(
        title="Homestay <Trà Quế> & rau",
        sector=tourism,
        district=hoi_an,
        club=club,
        show_contact=True,
        show_team=True,
        needs_funding=True,
    )
    hidden = make_entry(title="Phân bón vi sinh", contact_email="kin@example.vn", team="Nhóm kín QZXTEAM")
    waiting = make_entry(title="Chưa duyệt QZXWAIT", publish=False)
    return shown, hidden, waiting


def test_the_document_is_openapi_3_and_lists_every_operation(document):
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {f"{API}/entries", f"{API}/entries/{{entry_id}}", f"{API}/export"}
    for path in document["paths"].values():
        for operation in path.values():
            for response in operation["responses"].values():
                schema = response["content"]["application/json"]["schema"]
                validate_refs(schema, document)


def validate_refs(schema, document):
    text = json.dumps(schema)
    for name in re.findall(r'"#/components/schemas/([^"]+)"', text):
        assert name in document["components"]["schemas"]


def test_list_detail_and_export_match_the_document(client, document, bank):
    shown, hidden, waiting = bank
    page = checked(client, document, "/entries", "/entries").json()
    assert page["count"] == 2 and {entry["id"] for entry in page["results"]} == {shown.pk, hidden.pk}
    checked(client, document, f"/entries/{shown.pk}", "/entries/{entry_id}")
    assert checked(client, document, f"/entries/{waiting.pk}", "/entries/{entry_id}").status_code == 404
    export = checked(client, document, "/export", "/export")
    assert "attachment" in export["Content-Disposition"]
    assert len(export.json()) == 2


def test_only_what_the_owner_chose_leaves_the_portal(client, bank):
    shown, hidden, _waiting = bank
    body = client.get(f"{API}/export").content.decode()
    for private in ("kin@example.vn", "QZXTEAM", "QZXWAIT", hidden.owner.username, hidden.owner.email, "password"):
        assert private not in body
    entries = {entry["id"]: entry for entry in json.loads(body)}
    assert entries[hidden.pk]["contact"] is None and entries[hidden.pk]["team"] is None
    assert entries[shown.pk]["contact"]["email"] == "hoa@example.vn"
    assert entries[shown.pk]["club"]["title"] == "CLB Khởi nghiệp Hội An"


def test_text_is_escaped_in_the_json(client, bank):
    body = client.get(f"{API}/entries/{bank[0].pk}").content.decode()
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["title"] == "Homestay <Trà Quế> & rau"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?q=tra+que", 1),
        ("?q=TRÀ%20QUẾ", 1),
        ("?sector=du-lich", 1),
        ("?district=hoi-an", 1),
        ("?need=funding", 1),
        ("?stage=growth", 0),
        ("?page_size=1&page=2", 2),
    ],
)
def test_filters(client, document, bank, query, expected):
    assert checked(client, document, "/entries", "/entries", query).json()["count"] == expected


@pytest.mark.parametrize(
    "query",
    [
        "?page=0",
        "?page=99999999999999999999999",
        "?page_size=1000",
        "?stage=unicorn",
        "?need=",
        "?sector=%27%3B--",
        "?district=" + "a" * 101,
        "?q=" + "x" * 201,
        "?page=abc",
    ],
)
def test_a_wrong_parameter_is_a_documented_422(client, document, bank, query):
    assert checked(client, document, "/entries", "/entries", query).status_code == 422


@pytest.mark.parametrize("entry_id", ["0", "99999999999999999999999", "-1", "abc", "1.5"])
def test_a_wrong_id_is_documented(client, document, bank, entry_id):
    response = client.get(f"{API}/entries/{entry_id}")
    assert response.status_code in (404, 422)


PARAMETERS = st.fixed_dictionaries(
    {},
    optional={
        "q": st.text(max_size=250),
        "sector": st.one_of(st.text(max_size=120), st.sampled_from(["du-lich", "nong-nghiep-huu-co"])),
        "district": st.one_of(st.text(max_size=120), st.just("hoi-an")),
        "stage": st.one_of(st.text(max_size=12), st.sampled_from(["idea", "prototype", "early", "growth"])),
        "need": st.one_of(st.text(max_size=12), st.sampled_from(["mentoring", "funding", "partners", "market"])),
        "page": st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(max_size=8)),
        "page_size": st.one_of(st.integers(min_value=-5, max_value=500).map(str), st.text(max_size=5)),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=PARAMETERS)
def test_fuzzed_parameters_never_give_a_500(client, document, bank, params):
    params = {key: value.replace("\x00", "") for key, value in params.items()}  # NUL: refused by middleware
    response = client.get(f"{API}/entries", params)
    assert response.status_code in (200, 422), (params, response.status_code)
    schema = document["paths"][f"{API}/entries"]["get"]["responses"][str(response.status_code)]
    validate(response.json(), schema["content"]["application/json"]["schema"], document)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entry_id=st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(min_size=1, max_size=30)))
def test_fuzzed_ids_never_give_a_500(client, bank, entry_id):
    from urllib.parse import quote

    response = client.get(f"{API}/entries/{quote(entry_id.replace(chr(0), ''), safe='')}")
    assert response.status_code in (200, 404, 422), (entry_id, response.status_code)


def count_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{API}{path}").status_code == 200
    return len(captured)


def test_queries_do_not_grow_from_10_to_10000_entries(client, bank):
    tourism = sector("du-lich", "Du lịch nông nghiệp – nông thôn")
    bulk_entries(8, sector_=tourism)
    paths = ["/entries", "/entries?q=du+an&need=market&page=2&page_size=5", f"/entries/{bank[0].pk}", "/export"]
    client.get(f"{API}/entries")
    small = [count_queries(client, path) for path in paths]
    bulk_entries(10_000, sector_=tourism)
    large = [count_queries(client, path) for path in paths]
    assert small == large


HOSTILE = "\x01\x1b[31m\u2028<script>alert(1)</script>\r\n=SUM(A1)\x7f\x9f Nguyễn Thị Ánh\t"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028]")


def test_hostile_rows_saved_without_cleaning_come_out_clean(client, bank):
    """Rows written by QuerySet.update() (no save-time cleaning): the JSON parses, carries no control character
    and keeps the Vietnamese; the HTML pages escape the markup."""
    from ideas.models import Entry, Sector

    shown, *_ = bank
    noise = HOSTILE if connection.vendor != "postgresql" else HOSTILE.replace("\x00", "")
    Entry.objects.filter(pk=shown.pk).update(title=noise, summary=noise, team=noise, contact_name=noise)
    Sector.objects.filter(pk=shown.sector_id).update(name=noise)
    for path in (f"/entries/{shown.pk}", "/entries", "/export"):
        body = client.get(f"{API}{path}").content.decode()
        data = json.loads(body)
        text = json.dumps(data, ensure_ascii=False)
        assert not CONTROL.search(text), path
        assert "Nguyễn Thị Ánh" in text and "<script>" not in body
    for url in ("/y-tuong/", f"/y-tuong/{shown.pk}/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "Nguyễn Thị Ánh" in page


def test_over_the_limit_is_a_documented_429_with_retry_after(client, document, bank, settings):
    settings.RATE_LIMITS = {"api": (2, 60)}
    for _ in range(2):
        checked(client, document, "/entries", "/entries")
    refused = checked(client, document, "/entries", "/entries")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Quá nhiều yêu cầu" in refused.json()["detail"]
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_the_whole_export_has_a_tighter_limit_of_its_own(client, document, bank, settings):
    settings.RATE_LIMITS = {"api": (100, 60), "api_export": (1, 3600)}
    assert checked(client, document, "/export", "/export").status_code == 200
    refused = checked(client, document, "/export", "/export")
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert checked(client, document, "/entries", "/entries").status_code == 200  # paging goes on


def test_any_origin_may_read_the_public_api_without_credentials(client, bank):
    shown, _hidden, waiting = bank
    for path in ("/entries", f"/entries/{shown.pk}", f"/entries/{waiting.pk}", "/entries?page=0", "/openapi.json"):
        response = client.get(f"{API}{path}", HTTP_ORIGIN="https://sangiaodich.example.vn")
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert "Access-Control-Allow-Credentials" not in response
