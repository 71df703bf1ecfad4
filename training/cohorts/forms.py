"""Forms of the cohort screens: the trainee's and trainer's pages, the Board's admin views, and the admin forms
of cohorts (inline sessions checked together) and enrolments (only withdrawing)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.forms import WagtailAdminModelForm

from clubs.models import ClubPage
from portal.inputs.form_fields import BoundedModelChoiceField
from portal.inputs.suggest import SuggestField
from portal.models import AdministrativeUnit
from portal.ordering import vi
from training.cohorts import services
from training.cohorts.enums import AttendanceStatus, EnrolmentStatus
from training.cohorts.models import PracticumDelivery, Session, TrainerProfile, TrainerSector


def register_sectors():
    """The sectors of the trainers the public register lists: what its sector box accepts and suggests."""
    listed = TrainerProfile.objects.on_register().values("pk")
    return Tag.objects.filter(pk__in=TrainerSector.objects.filter(content_object__in=listed).values("tag_id"))


class RegisterFilterForm(forms.Form):
    # A text box with suggestions (free tags grow with the trainers), not a select of every sector; a sector's
    # slug, which older links carry, is accepted too.
    sector = SuggestField(
        label=_("Lĩnh vực"),
        field="name",
        also=("slug",),
        options_url=reverse_lazy("training:trainer_register_sectors"),
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Địa bàn"),
        queryset=AdministrativeUnit.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Tất cả địa bàn"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = register_sectors()


class PracticumForm(forms.ModelForm):
    class Meta:
        model = PracticumDelivery
        fields = ["date", "club", "topic", "role", "participants", "notes"]
        field_classes = {"club": BoundedModelChoiceField}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Private clubs (behind a view restriction) only for someone who may open them: the list names them.
        self.fields["club"].queryset = ClubPage.objects.live().visible_to(user).order_by(vi("title"))

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Ngày thực hành không thể ở tương lai."))
        return value


class ConsentForm(forms.ModelForm):
    class Meta:
        model = TrainerProfile
        fields = [
            "workplace",
            "public_email",
            "public_phone",
            "bio",
            "show_on_register",
            "show_workplace",
            "show_email",
            "show_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.register_consent_at is None:  # nothing recorded: no choice is ticked for the trainer
            for name in services.REGISTER_CONSENTS:
                self.initial[name] = False

    def save(self, commit=True):
        """The contact details as typed; the choices of what to show go through the consent service, which records
        when the trainer gave or withdrew them (Decree 13/2023)."""
        profile = super().save(commit=False)
        profile.save(update_fields=["workplace", "public_email", "public_phone", "bio"])
        consents = services.REGISTER_CONSENTS
        if any(name in self.changed_data for name in consents):
            services.record_register_consent(profile, **{name: self.cleaned_data[name] for name in consents})
        return profile


class BulkEnrolForm(forms.Form):
    nominations = forms.ModelMultipleChoiceField(
        label=_("Ứng viên đã được chọn"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = queryset
        self.fields["nominations"].label_from_instance = lambda n: f"{n.full_name} – {n.agency} ({n.round})"


class AttendanceGridForm(forms.Form):
    """One select per (enrolment, session) cell, named a-<enrolment>-<session>, for sessions that have started and
    are still planned; sessions still to come show as planned, not as cells (training.cohorts.services refuses a
    mark for them anyway: a crafted POST for one is passed on so that it is refused, not silently dropped)."""

    CHOICES = [("", "—"), *AttendanceStatus.choices]

    def __init__(self, *args, sessions, enrolments, now=None, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        now = now or timezone.now()
        self.sessions, self.enrolments = sessions, enrolments
        self.open_ids = {s.pk for s in sessions if not s.is_cancelled and s.has_started(now)}
        for session in sessions:
            session.is_open = session.pk in self.open_ids
        for enrolment in enrolments:
            for session in sessions:
                if session.pk not in self.open_ids:
                    continue
                name = self.cell_name(enrolment.pk, session.pk)
                self.fields[name] = forms.ChoiceField(
                    choices=self.CHOICES,
                    required=False,
                    label=f"{enrolment.full_name} – {session}",
                    initial=enrolment.marks.get(session.pk, ""),
                    disabled=read_only,
                )

    @staticmethod
    def cell_name(enrolment_id, session_id):
        return f"a-{enrolment_id}-{session_id}"

    def rows(self):
        for enrolment in self.enrolments:
            cells = []
            for s in self.sessions:
                name = self.cell_name(enrolment.pk, s.pk)
                cells.append((s, self[name] if name in self.fields else None, enrolment.marks.get(s.pk)))
            yield enrolment, cells

    def marks(self):
        marks = {}
        for enrolment in self.enrolments:
            for session in self.sessions:
                name = self.cell_name(enrolment.pk, session.pk)
                if name in self.fields:
                    marks[(enrolment.pk, session.pk)] = self.cleaned_data.get(name, "")
                elif self.data.get(name):
                    marks[(enrolment.pk, session.pk)] = self.data[name]
        return marks


class ResultsForm(forms.Form):
    """Final assessment per enrolment: score (0–10), passed, and whether to mark them completed."""

    PASSED_CHOICES = [("", "—"), ("1", _("Đạt")), ("0", _("Không đạt"))]

    def __init__(self, *args, enrolments, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for e in enrolments:
            self.fields[f"score-{e.pk}"] = forms.DecimalField(
                required=False,
                min_value=0,
                max_value=10,
                decimal_places=1,
                initial=e.assessment_score,
                label=_("Điểm"),
                widget=forms.NumberInput(attrs={"step": "0.1", "style": "width:5rem"}),
            )
            self.fields[f"passed-{e.pk}"] = forms.ChoiceField(
                required=False,
                choices=self.PASSED_CHOICES,
                label=_("Kết quả"),
                initial="" if e.passed is None else ("1" if e.passed else "0"),
            )
            self.fields[f"complete-{e.pk}"] = forms.BooleanField(required=False, label=_("Hoàn thành"))
            if read_only:
                for name in (f"score-{e.pk}", f"passed-{e.pk}", f"complete-{e.pk}"):
                    self.fields[name].disabled = True

    def rows(self):
        for e in self.enrolments:
            yield e, self[f"score-{e.pk}"], self[f"passed-{e.pk}"], self[f"complete-{e.pk}"]

    def results(self):
        out = {}
        for e in self.enrolments:
            passed = self.cleaned_data.get(f"passed-{e.pk}")
            out[e.pk] = (self.cleaned_data.get(f"score-{e.pk}"), None if passed in ("", None) else passed == "1")
        return out

    def completed_ids(self):
        return [e.pk for e in self.enrolments if self.cleaned_data.get(f"complete-{e.pk}")]


class CohortAdminForm(WagtailAdminModelForm):
    """Checks the inline sessions together: none ends before it starts, none overlaps another, none with
    attendance recorded is deleted or moved to another date or time (cancel it instead, with a reason:
    Session.clean, and add a new one: services.move_problem), and a closed cohort's sessions do not change."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("sessions") if hasattr(self, "formsets") else None
        if formset is None:
            return cleaned
        if self.instance.pk and self.instance.closed_at and formset.has_changed():
            # Sessions decide the planned count the closed results were checked against.
            self.add_error(None, _("Lớp đã đóng: không thể thêm, sửa, hủy hay xóa buổi học. Hãy mở lại lớp trước."))
            return cleaned
        sessions, problems = [], []
        for form in formset.forms:
            if not form.is_valid() or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                if form.instance.pk and form.instance.attendances.exists():
                    problems.append(
                        _("Buổi “%(topic)s” đã có điểm danh, không thể xóa; hãy đánh dấu “đã hủy”.")
                        % {"topic": form.instance.topic}
                    )
                continue
            data = form.cleaned_data
            if form.instance.pk:
                moved = Session(
                    date=data.get("date"), starts_at=data.get("starts_at"), ends_at=data.get("ends_at")
                )
                if problem := services.move_problem(Session.objects.get(pk=form.instance.pk), moved):
                    problems.append(problem)
            sessions.append(
                Session(
                    date=data.get("date"),
                    starts_at=data.get("starts_at"),
                    ends_at=data.get("ends_at"),
                    topic=data.get("topic") or "",
                    is_cancelled=data.get("is_cancelled") or False,
                )
            )
        problems += services.session_problems(sessions)
        for problem in problems:
            self.add_error(None, problem)
        return cleaned


class EnrolmentAdminForm(WagtailAdminModelForm):
    """The snippet form may only withdraw a trainee. Completion comes from the attendance rule and the results
    screen, and a place is only (re)taken through bulk enrolment, which checks the cohort's capacity."""

    def clean_status(self):
        before, after = self.instance.status, self.cleaned_data.get("status")
        if not self.instance.pk or after == before:
            return after
        if before == EnrolmentStatus.ENROLLED and after == EnrolmentStatus.WITHDRAWN:
            return after
        if after in (EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED):
            raise ValidationError(
                _("Kết quả hoàn thành do quy tắc chuyên cần và màn hình “Kết quả” của lớp quyết định, không sửa tay.")
            )
        raise ValidationError(
            _("Chỉ có thể chuyển “Đang học” sang “Đã rút” ở đây; ghi danh lại qua màn hình “Ghi danh” của lớp.")
        )
