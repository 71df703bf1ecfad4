"""Filters over a set that grows with the data (events, cohorts, agencies, mentors, free tags): a text box that
takes a record's name or its id, with at most SUGGESTIONS suggestions fetched as one types, instead of a select
holding every record, so a listing weighs the same with ten records or ten thousand (issue 14, item 3).

- `fold` / `Folded`: the same diacritic- and case-insensitive fold in Python and in the query, on SQLite (a
  function registered on each connection by `connect`) and PostgreSQL (TRANSLATE), so "dai loc" finds "Đại Lộc".
- `resolve`: what was typed -> the records meant (an id in ASCII digits, the exact name, the name folded), or
  NotFound: the caller ignores the filter and says so; never a 500, never every record silently.
- `suggestions` / `respond`: at most SUGGESTIONS records whose folded name holds the folded query, in Vietnamese
  order, as JSON for portal/js/filter-suggest.js (which fills the box's <datalist>; without it the box is a plain
  text box the server matches).
- `register` / `admin_suggest_view`: the admin's suggestion addresses, one per filter, each answering only a user
  who may open that listing and only with the records that listing's filter accepts.
- `SuggestField`, `SuggestInput`: the form field and its widget (front-end forms; portal.admin.filters wraps them
  for Wagtail's listing filters).
"""

import unicodedata
from dataclasses import dataclass

from django import forms
from django.db.backends.signals import connection_created
from django.db.models import CharField, Func
from django.http import Http404, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.ordering import vi

SUGGESTIONS = 10
MAX_TYPED = 200
MAX_ID_DIGITS = 18  # below 2**63: PostgreSQL raises DataError on a bigger integer, SQLite OverflowError


def _fold_table():
    """Every Latin letter with marks (ă â ê ô ơ ư, the five tones, đ) and every capital -> its lowercase ASCII."""
    table = {chr(code): chr(code).lower() for code in range(ord("A"), ord("Z") + 1)}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base.isalpha():
            table[chr(code)] = base.lower()
    table["đ"] = table["Đ"] = "d"
    return table


_TABLE = _fold_table()
FOLD_FROM = "".join(_TABLE)
FOLD_TO = "".join(_TABLE.values())
_TRANSLATION = str.maketrans(_TABLE)


def fold(text):
    """The text as the fold in the query gives it: "Đại Lộc" -> "dai loc"."""
    return unicodedata.normalize("NFC", str(text or "")).translate(_TRANSLATION)


class Folded(Func):
    """A text column folded as `fold` folds: TRANSLATE on PostgreSQL, our function on SQLite."""

    function = "portal_fold"
    arity = 1
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self.as_sql(
            compiler, connection, function="TRANSLATE", template="%(function)s(%(expressions)s, %%s, %%s)", **extra
        )
        return sql, (*params, FOLD_FROM, FOLD_TO)


def _register(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "portal_fold", 1, lambda text: None if text is None else fold(text), deterministic=True
        )


def connect():
    connection_created.connect(_register, dispatch_uid="portal.inputs.suggest.fold")


def parse_id(typed):
    """The id typed, or None: ASCII digits only ('١٢' is not 12) and short enough for the database."""
    return int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= MAX_ID_DIGITS else None


class NotFound(Exception):
    pass


def resolve(queryset, field, typed, also=()):
    """The records of `queryset` meant by `typed` (a queryset), None when nothing was typed; NotFound when none is
    meant. An id, else the exact name (several records may share it: it means them all), else the exact value of
    one of the fields `also` (a slug older links carry), else the folded name."""
    typed = str(typed or "").strip()[:MAX_TYPED]
    if not typed:
        return None
    if (pk := parse_id(typed)) is not None and queryset.filter(pk=pk).exists():
        return queryset.filter(pk=pk)
    for matched in (
        queryset.filter(**{field: typed}),
        *(queryset.filter(**{other: typed}) for other in also),
        queryset.annotate(_folded=Folded(field)).filter(_folded=fold(typed)),
    ):
        if matched.exists():
            return matched
    raise NotFound(typed)


def suggestions(queryset, field, typed, hint=None, limit=SUGGESTIONS):
    """At most `limit` records whose folded `field` holds the folded text, in Vietnamese order of that field:
    [{"title": name, "label": hint}]. `hint` (a field name) tells apart records that share a name."""
    typed = fold(str(typed or "").strip()[:MAX_TYPED])
    if not typed:
        return []
    matched = queryset.annotate(_folded=Folded(field)).filter(_folded__contains=typed)
    matched = matched.order_by(vi(field), "pk")
    fields = [field, hint] if hint else [field]
    results = []
    for row in matched.values_list(*fields)[:limit]:
        result = {"title": row[0]}
        if hint and row[1] is not None:
            result["label"] = f"{row[0]} – {_hint_text(row[1])}"
        results.append(result)
    return results


def _hint_text(value):
    from django.utils import formats, timezone

    if hasattr(value, "hour"):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if hasattr(value, "year"):
        return formats.date_format(value, "d/m/Y")
    return str(value)


def respond(request, queryset, field, hint=None):
    return JsonResponse({"results": suggestions(queryset, field, request.GET.get("q", ""), hint)})


# --- the admin's suggestion addresses --------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """`scope(user)`: the records of `model` a user may filter that listing by, or None when they may not open it."""

    model: object
    scope: object
    field: str = "title"
    hint: str | None = None


SOURCES = {}


def register(name, model, scope, field="title", hint=None):
    SOURCES[name] = Source(model, scope, field, hint)
    return name


def listing_scope(model, queryset):
    """The scope of a listing of `model` that whoever may open it sees whole: `queryset()` for them (the model's
    Wagtail permission policy: any of add, change, delete, view), None for anyone else."""
    from wagtail.permissions import policy_registry

    def scope(user):
        allowed = policy_registry.get_by_type(model).user_has_any_permission(user, ["add", "change", "delete", "view"])
        return queryset() if allowed else None

    return scope


def admin_suggest_view(request, name):
    source = SOURCES.get(name)
    if source is None:
        raise Http404
    queryset = source.scope(request.user)
    if queryset is None:  # a JSON 403, not Wagtail's redirect to the dashboard: the box just gets no suggestion
        return JsonResponse({"results": []}, status=403)
    return respond(request, queryset, source.field, source.hint)


# --- the form field ----------------------------------------------------------------------------------------------


class SuggestInput(forms.TextInput):
    """A search box tied to a <datalist> that portal/js/filter-suggest.js fills from `options_url`."""

    input_type = "search"

    class Media:
        js = ["portal/js/filter-suggest.js"]

    def __init__(self, options_url, attrs=None):
        super().__init__({"autocomplete": "off", "maxlength": MAX_TYPED, **(attrs or {})})
        self.options_url = options_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-options-url"] = str(self.options_url)
        if widget_attrs.get("id"):
            widget_attrs["list"] = f"{widget_attrs['id']}-options"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        element_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not element_id:
            return html
        return html + format_html('<datalist id="{}-options"></datalist>', element_id)


@dataclass(frozen=True)
class Chosen:
    """A filter's value: the records meant (a queryset) and what the box showed."""

    records: object
    shown: str

    def __str__(self):
        return self.shown


class SuggestField(forms.CharField):
    """A record of `queryset` by name or id; cleans to Chosen, or None when empty; an unknown one is a form error.
    `queryset` may be set after construction (a form's __init__, per user)."""

    default_error_messages = {"unknown": _("Không tìm thấy “%(typed)s”: hãy chọn một gợi ý, hoặc gõ đúng tên.")}

    def __init__(self, *, queryset=None, field="title", also=(), options_url="", **kwargs):
        kwargs.setdefault("widget", SuggestInput(options_url))
        kwargs.setdefault("help_text", _("Gõ vài chữ của tên để chọn trong các gợi ý."))
        super().__init__(max_length=None, strip=True, **kwargs)
        self.queryset, self.lookup_field, self.also = queryset, field, also

    def clean(self, value):
        typed = super().clean(value)
        try:
            records = resolve(self.queryset, self.lookup_field, typed, self.also)
        except NotFound:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"typed": str(typed)[:80]}
            ) from None
        return None if records is None else Chosen(records.values("pk"), typed)
