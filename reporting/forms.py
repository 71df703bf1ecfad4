"""The reporter's form, built from the period's indicators: a number (with a note when it corrects a figure the
portal knew), a choice or a narrative, then the signed dispatch. The Board's return form."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.inputs.text import clean_line, clean_text
from portal.security import uploads
from reporting.enums import IndicatorKind
from reporting.models import MAX_NARRATIVE

MAX_DISPATCH_SIZE = 10 * 1024 * 1024
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DISPATCH_FIELDS = ["dispatch_number", "dispatch_date", "dispatch_file"]


class ReportForm(forms.Form):
    dispatch_number = forms.CharField(label=gettext_lazy("Số công văn"), max_length=100, required=False)
    dispatch_date = forms.DateField(
        label=gettext_lazy("Ngày công văn"), required=False, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    dispatch_file = forms.FileField(
        label=gettext_lazy("Bản ký công văn (PDF)"), required=False,
        help_text=gettext_lazy("Tối đa 10 MB. Chọn tệp mới để thay tệp đã đính kèm."),
    )

    def __init__(self, *args, indicators, known, report=None, with_dispatch=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_dispatch:  # a club's yearly self-report: no signed dispatch
            for name in DISPATCH_FIELDS:
                del self.fields[name]
        self.indicators = list(indicators)
        self.known = known
        answers = {value.indicator_id: value for value in report.values.all()} if report else {}
        if report:
            self.initial.setdefault("dispatch_number", report.dispatch_number)
            self.initial.setdefault("dispatch_date", report.dispatch_date)
        names = []
        for indicator in self.indicators:
            name, answer = f"v{indicator.pk}", answers.get(indicator.pk)
            help_text = indicator.help_text
            if indicator.kind == IndicatorKind.NUMBER:
                field = forms.DecimalField(
                    max_digits=18, decimal_places=2, min_value=0, required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
                )
                figure = known.get(indicator.pk)
                if figure is not None:
                    said = _("Cổng đã có: %(value)s; sửa nếu chưa đúng và ghi chú vì sao.") % {"value": figure}
                    help_text = " ".join(filter(None, [help_text, said]))
                    self.fields[f"n{indicator.pk}"] = forms.CharField(
                        label=_("Ghi chú về “%(label)s”") % {"label": indicator.label}, max_length=1000,
                        required=False, widget=forms.Textarea(attrs={"rows": 2}),
                    )
                    if answer:
                        self.initial[f"n{indicator.pk}"] = answer.note
                self.initial[name] = answer.number if answer and answer.number is not None else figure
            elif indicator.kind == IndicatorKind.CHOICE:
                field = forms.ChoiceField(
                    choices=[("", "—")] + [(option, option) for option in indicator.option_list()], required=False
                )
                self.initial[name] = answer.choice if answer else ""
            else:
                field = forms.CharField(
                    max_length=MAX_NARRATIVE, required=False, widget=forms.Textarea(attrs={"rows": 5})
                )
                self.initial[name] = answer.text if answer else ""
            field.label = f"{indicator.label} ({indicator.unit})" if indicator.unit else indicator.label
            field.help_text = help_text
            self.fields[name] = field
            names += [name] + ([f"n{indicator.pk}"] if f"n{indicator.pk}" in self.fields else [])
        self.order_fields(names + DISPATCH_FIELDS)

    def clean_dispatch_number(self):
        return clean_line(self.cleaned_data["dispatch_number"])

    def clean_dispatch_file(self):
        upload = self.cleaned_data["dispatch_file"]
        return uploads.validate_pdf(upload, MAX_DISPATCH_SIZE) if upload else upload

    def values(self):
        """{indicator pk: answer} for reporting.services.save_draft."""
        data = self.cleaned_data
        answers = {}
        for indicator in self.indicators:
            raw = data.get(f"v{indicator.pk}")
            if indicator.kind == IndicatorKind.NUMBER:
                answers[indicator.pk] = {"number": raw, "note": clean_text(data.get(f"n{indicator.pk}", "") or "")}
            elif indicator.kind == IndicatorKind.CHOICE:
                answers[indicator.pk] = {"choice": raw or ""}
            else:
                answers[indicator.pk] = {"text": clean_text(raw or "")}
        return answers

    def dispatch(self):
        if "dispatch_file" not in self.fields:
            return None
        data = self.cleaned_data
        return {"number": data["dispatch_number"], "date": data["dispatch_date"], "file": data["dispatch_file"]}


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do trả lại (đơn vị báo cáo sẽ thấy)"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_reason(self):
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Cần nêu lý do trả lại."))
        return reason


class SelfReportPeriodForm(forms.Form):
    """The Board opens the clubs' yearly self-report (reporting.self_reports.open_period)."""

    year = forms.IntegerField(label=gettext_lazy("Năm báo cáo"), min_value=2017, max_value=2100)
    deadline = forms.DateTimeField(
        label=gettext_lazy("Hạn nộp"), input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        help_text=gettext_lazy("Giờ Việt Nam (Asia/Ho_Chi_Minh); hạn 16:30 nhận đến hết phút 16:30."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    club_kinds = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Loại câu lạc bộ phải báo cáo"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    instructions = forms.CharField(
        label=gettext_lazy("Hướng dẫn"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        from clubs.models import ClubKind

        super().__init__(*args, **kwargs)
        self.fields["club_kinds"].queryset = ClubKind.objects.all()

    def clean_instructions(self):
        return clean_text(self.cleaned_data["instructions"])
