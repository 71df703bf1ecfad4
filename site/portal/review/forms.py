"""The reviewer's score form: one field per criterion, 0–10 for weighted ones, met / not met for must-haves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.inputs.text import clean_text

from .models import MAX_SCORE


class ScoreForm(forms.Form):
    """`criteria` (the subject's, in order) and `initial_scores` ({criterion pk: score}). Subclasses may set
    `clean_comment_text` to a stricter cleaner (one that refuses markup)."""

    clean_comment_text = staticmethod(clean_text)
    must_have_help = _("Tiêu chí bắt buộc: không đạt thì ứng viên bị loại.")

    comment = forms.CharField(
        label=_("Nhận xét"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        initial_scores = initial_scores or {}
        for criterion in self.criteria:
            name = f"c{criterion.pk}"
            if criterion.is_must_have:
                self.fields[name] = forms.TypedChoiceField(
                    label=criterion.text, choices=[(1, _("Đạt")), (0, _("Không đạt"))], coerce=int,
                    help_text=self.must_have_help, widget=forms.RadioSelect,
                )
            else:
                self.fields[name] = forms.IntegerField(
                    label=criterion.text, min_value=0, max_value=MAX_SCORE,
                    help_text=_("Điểm 0–10, trọng số %(w)s.") % {"w": criterion.weight},
                )
            if criterion.pk in initial_scores:
                self.initial[name] = initial_scores[criterion.pk]
        self.order_fields([f"c{c.pk}" for c in self.criteria] + ["comment"])

    def clean_comment(self):
        return self.clean_comment_text(self.cleaned_data["comment"])

    def scores(self):
        return {c: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class RecuseForm(forms.Form):
    """A reviewer's declaration of a conflict of interest (portal.review.recusal). Subclasses may set
    `clean_reason_text` as ScoreForm's `clean_comment_text`."""

    clean_reason_text = staticmethod(clean_text)
    reason = forms.CharField(
        label=_("Lý do xung đột lợi ích"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: người thân, đối tác kinh doanh, thành viên nhóm. Chỉ Ban Điều hành xem được."),
    )

    def clean_reason(self):
        return self.clean_reason_text(self.cleaned_data["reason"])
