"""The figures the portal already knows, by key: an indicator naming one is pre-filled for each reporter.

The providers live in the apps that own the data (clubs.figures, training.figures, events.figures, ideas.figures,
ideas.mentoring.figures) and are read by dotted path, so a key is plain data on the indicator and this list is the
one place that names them.

ACTIVITY_TABLES, the same way, names the providers of the tables of what happened on the portal in a period, which
the Board's compiled report (reporting.compile) and the yearly report (reports.yearly) carry after their own: each
is called `provider(start, end)` with the first and last day (dates, inclusive) and returns a list of
portal.documents.tables.Table (plain text and numbers; every output escapes or neutralises the text itself), in a
fixed number of queries whatever the data. A new subject adds its provider here and nothing else: the screens,
XLSX, DOCX and PDF draw whatever tables come back."""

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

KNOWN_FIGURES = {
    "clubs": (_("Số câu lạc bộ trên địa bàn"), "clubs.figures.clubs"),
    "members": (_("Số thành viên câu lạc bộ"), "clubs.figures.members"),
    "nominations": (_("Số ứng viên ToT đã đề cử"), "training.figures.nominations"),
    "certified_trainers": (_("Số giảng viên nguồn được công nhận"), "training.figures.certified_trainers"),
    "trainings_delivered": (_("Số buổi tập huấn đã thực hiện"), "training.figures.trainings_delivered"),
    "people_trained": (_("Số người được tập huấn"), "training.figures.people_trained"),
    "events": (_("Số sự kiện đã tổ chức"), "events.figures.events"),
    "event_participants": (_("Số người tham dự sự kiện"), "events.figures.participants"),
    "mentoring_sessions": (_("Số buổi cố vấn khởi nghiệp"), "ideas.mentoring.figures.sessions"),
    "ideas_published": (_("Số ý tưởng, dự án công bố trên ngân hàng ý tưởng"), "ideas.figures.published"),
    "mentors_admitted": (
        _("Số chuyên gia, cố vấn được nhận vào mạng lưới"), "ideas.mentoring.figures.mentors_admitted"
    ),
}

ACTIVITY_TABLES = [
    "ideas.figures.bank_tables",
    "ideas.mentoring.figures.activity_tables",
    "ideas.competitions.figures.activity_tables",
]


def choices():
    return [("", "—")] + [(key, label) for key, (label, _path) in KNOWN_FIGURES.items()]


def known_value(key, reporter, period):
    """What the portal knows of figure `key` for `reporter` in `period`, or None."""
    if key not in KNOWN_FIGURES:
        return None
    provider = import_string(KNOWN_FIGURES[key][1])
    return provider(agency=reporter.agency, club=reporter.club, start=period.starts_on, end=period.ends_on)


def known_values(period, reporter, indicators):
    """{indicator pk: known value} for the indicators with a known figure (one provider call each)."""
    return {
        indicator.pk: known_value(indicator.known_figure, reporter, period)
        for indicator in indicators
        if indicator.known_figure
    }


def activity_tables(start, end):
    """The tables of every ACTIVITY_TABLES provider for the days `start`..`end`, in the list's order."""
    return [table for path in ACTIVITY_TABLES for table in import_string(path)(start, end)]
