"""Clean text: what a person typed, as every output can carry it (issue 12, item 1).

Two halves of one rule:
- **When it is saved**, every text field of our own models is normalised by one `pre_save` receiver
  (`connect()`, from portal.apps): Unicode NFC; single-line fields (every CharField: names, titles, venues, e-mail
  addresses...) lose their line breaks and tabs (each becomes a space) and are trimmed; multi-line fields
  (TextField) keep LF (CR LF, CR, U+2028/U+2029, VT and FF become LF) and TAB; rich text and StreamField content
  keep their markup and lose only control characters. No C0/C1 control character (NUL included) is ever stored.
- **When it is written**, every output calls `clean_line`/`clean_text` again (iCalendar, RSS, e-mail subjects,
  PDF, spreadsheets), because rows saved before this rule, or written by `QuerySet.update()`/`bulk_create()`
  (which send no signal), are not rewritten by any migration.

"Our own models" are those of the apps whose code lives in this repository (not in site-packages), plus
`TEXT_CLEANING_EXTRA_MODELS` (third-party models people type into: tags, image and document titles). Fields that
must keep their bytes are skipped: fields with choices (fixed codes), the password hash, tree paths and every name
in KEEP_FIELDS (secret tokens, verification codes). Ground: imports no app.
"""

import re
import unicodedata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import pre_save

# C0 controls except TAB and LF, DEL, C1 controls; also lone surrogates and the two non-characters XML 1.0 forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Everything a reader shows as a new line: CR LF, CR, LF, VT, FF, FS/GS/RS, NEL, LINE and PARAGRAPH SEPARATOR.
_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A run of spaces around line breaks or tabs: one space in a single-line field ("a \r\n b" is "a b").
_LINE_WHITESPACE = re.compile(" *(?:(?:\r\n|[\t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]) *)+")

KEEP_FIELDS = frozenset({"password", "path", "url_path", "token", "code", "uid"})
DEFAULT_EXTRA_MODELS = ("taggit.Tag", "wagtailimages.Image", "wagtaildocs.Document")


def _nfc(value):
    return unicodedata.normalize("NFC", value)


def clean_line(value):
    """One line of text: NFC, every line break or tab (with the spaces around it) one space, no control character,
    trimmed."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", _LINE_WHITESPACE.sub(" ", _nfc(value))).strip()


def clean_text(value):
    """Multi-line text: NFC, LF the only line break, TAB kept, no other control character, trimmed."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", _nfc(value))).strip()


def clean_markup(value):
    """HTML (rich text, StreamField blocks): NFC, LF line breaks, no control character; the markup is untouched."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", _nfc(value)))


def folded(value):
    """A header or subject: one line, runs of white space as one space (Django refuses a newline in a subject
    with BadHeaderError; a control character in a header is never sent)."""
    return " ".join(clean_line(str(value)).split())


def clipped(value, limit):
    """folded(value) cut to `limit` characters at a word where one is near, ending in "…": a subject stays
    readable in a mail client's list (a 255-character title would fill it) and the header short to fold."""
    line = folded(value)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + "…"


def clean_tree(value, clean=clean_text):
    """`value` (JSON: dicts, lists, strings, numbers) with every string cleaned; keys are left as they are."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: clean_tree(item, clean) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_tree(item, clean) for item in value]
    return value


def has_control(value):
    """True when `value` holds a character no output may carry (tests and checks)."""
    return bool(_CONTROL.search(value))


# --- the receiver -------------------------------------------------------------------------------------------


def _is_stream_field(field):
    return type(field).__name__ == "StreamField"


def _is_rich_text(field):
    return type(field).__name__ == "RichTextField"


def cleaner_for(field):
    """The function that cleans `field`'s value on save, or None when the field keeps its bytes."""
    if field.name in KEEP_FIELDS or field.choices:
        return None
    if _is_stream_field(field):
        return _clean_stream
    if _is_rich_text(field):
        return clean_markup
    if isinstance(field, models.TextField):
        return clean_text
    if isinstance(field, models.CharField):
        return clean_line
    if isinstance(field, models.JSONField):
        return clean_tree
    return None


def _clean_stream(value, field):
    raw = field.get_prep_value(value)
    if raw is None:
        return value
    import json

    data = json.loads(raw) if isinstance(raw, str) else raw
    cleaned = clean_tree(data, clean_markup)
    return value if cleaned == data else cleaned


def _own_app(config):
    path = Path(config.path).resolve()
    return path.is_relative_to(Path(settings.BASE_DIR).resolve()) and "site-packages" not in path.parts


def cleaned_models():
    """Every model whose text is cleaned on save."""
    own = [model for config in apps.get_app_configs() if _own_app(config) for model in config.get_models()]
    extra = []
    for label in getattr(settings, "TEXT_CLEANING_EXTRA_MODELS", DEFAULT_EXTRA_MODELS):
        try:
            extra.append(apps.get_model(label))
        except LookupError:
            continue
    return own + extra


_PLANS = {}


def _plan(model):
    """[(attribute name, field, cleaner)] of `model`, computed once per model."""
    if model not in _PLANS:
        _PLANS[model] = [
            (field.attname, field, cleaner)
            for field in model._meta.concrete_fields
            if (cleaner := cleaner_for(field)) is not None
        ]
    return _PLANS[model]


def clean_instance(instance):
    """Clean every text field of `instance` in place (the pre_save receiver; callable before a bulk_create)."""
    for attname, field, cleaner in _plan(type(instance)):
        value = getattr(instance, attname)
        if value is None or value == "":
            continue
        cleaned = cleaner(value, field) if cleaner is _clean_stream else cleaner(value)
        if cleaned is not value and cleaned != value:
            setattr(instance, attname, cleaned)


def _on_pre_save(sender, instance, raw=False, **kwargs):
    if not raw and sender in _CLEANED:
        clean_instance(instance)


_CLEANED = set()


def connect():
    """Clean text on every save of the models `cleaned_models()` names (called once, from portal.apps)."""
    _CLEANED.update(cleaned_models())
    pre_save.connect(_on_pre_save, dispatch_uid="portal.inputs.text.clean")
    _empty_after_cleaning_is_empty()


def _empty_after_cleaning_is_empty():
    """A form value that saving would clean to nothing (only control characters, say) is empty already in the form,
    so a required field refuses it with its message instead of storing a blank (found by tests/fuzz). Other values
    are composed (NFC) before the validators see them: a name typed decomposed (NFD, as some keyboards and PDFs give
    it) is longer by its combining marks, and max_length must count what is stored, not refuse a title that fits.
    Passwords are left alone."""
    from django import forms

    original = forms.CharField.to_python
    if getattr(original, "empties_what_cleaning_empties", False):
        return

    def to_python(self, value):
        value = original(self, value)
        if isinstance(value, str) and value and not isinstance(self.widget, forms.PasswordInput):
            if not clean_text(value):
                return self.empty_value
            return _nfc(value)
        return value

    to_python.empties_what_cleaning_empties = True
    forms.CharField.to_python = to_python
