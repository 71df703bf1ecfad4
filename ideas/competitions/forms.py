"""The front end's competition forms: entering an idea (apply or nominate), withdrawing, and the reviewer's score
form (the review engine's). Text is kept as text: markup is refused with a clear message."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ideas.models import Entry
from ideas.rules import edited_club_ids, is_board
from portal.inputs.form_fields import BoundedModelChoiceField
from portal.review import forms as review_forms
from training.nominations.forms import clean_text
from training.nominations.rules import is_nominator

from . import rules
from .models import Category, CompetitionEntry, CompetitionScore


def eligible_ideas(user):
    """The published ideas `user` may bring into a competition (rules.nominating_route): their own, every one for
    an agency's nominator, those naming their clubs for a club's editor."""
    ideas = Entry.objects.published()
    if is_nominator(user):
        return ideas
    return ideas.filter(Q(owner=user) | Q(club_id__in=edited_club_ids(user)))


class EnterForm(forms.Form):
    idea = BoundedModelChoiceField(label=_("Ý tưởng, dự án"), queryset=Entry.objects.none())
    category = BoundedModelChoiceField(label=_("Hạng mục"), queryset=Category.objects.none())
    statement = forms.CharField(
        label=_("Thuyết minh"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vì sao ý tưởng đáp ứng điều kiện và tiêu chí của cuộc thi (không bắt buộc)."),
    )

    def __init__(self, *args, user, competition, **kwargs):
        super().__init__(*args, **kwargs)
        ideas = eligible_ideas(user)
        self.fields["idea"].queryset = ideas.order_by("-published_at", "-pk")
        if is_nominator(user):
            # every published idea may be nominated: its number from its page, not a list of thousands
            self.fields["idea"].widget = forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"})
            self.fields["idea"].help_text = _("Mã số của ý tưởng: số ở cuối địa chỉ trang ý tưởng.")
            self.fields["idea"].error_messages["invalid_choice"] = _("Không có ý tưởng đã công bố với mã số này.")
        categories = competition.categories.all()
        self.fields["category"].queryset = categories
        if not categories:
            del self.fields["category"]

    def clean_statement(self):
        return clean_text(self.cleaned_data["statement"])


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút (không bắt buộc)"), required=False, max_length=1000)

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])


class RecuseForm(review_forms.RecuseForm):
    clean_reason_text = staticmethod(clean_text)


class ScoreForm(review_forms.ScoreForm):
    clean_comment_text = staticmethod(clean_text)
    must_have_help = _("Tiêu chí bắt buộc: không đạt thì hồ sơ bị loại.")


class CompetitionAdminForm(WagtailAdminModelForm):
    """The organiser's competition form: a category that entries use, or a criterion that reviews scored, is never
    removed (PROTECT would answer 500); the organiser is told why and nothing is saved. A district organiser's
    competition is their district's (the one choice), and its reviewers are chosen among the accounts of their
    district's agencies (and those already named): the province's list of accounts is not theirs to browse. The
    award certificates' signatory is text, never markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or is_board(user):
            return
        unit = rules.organised_unit_id(user)
        if organiser := self.fields.get("organiser"):
            organiser.queryset = organiser.queryset.filter(pk=unit)
            organiser.required, organiser.empty_label = True, None
            organiser.widget = forms.Select(choices=organiser.choices)
            organiser.help_text = _("Cuộc thi do địa phương của bạn tổ chức.")
            if not self.instance.pk:
                self.initial["organiser"] = unit
        if reviewers := self.fields.get("reviewers"):
            named = self.instance.reviewers.values("pk") if self.instance.pk else []
            reviewers.queryset = reviewers.queryset.filter(Q(agency__unit_id=unit) | Q(pk__in=named)).distinct()

    def clean_signatory_name(self):
        return " ".join(clean_text(self.cleaned_data.get("signatory_name", "")).split())

    def clean_signatory_title(self):
        return " ".join(clean_text(self.cleaned_data.get("signatory_title", "")).split())

    def clean(self):
        cleaned = super().clean()
        for name, in_use, message in (
            ("categories", lambda pk: CompetitionEntry.objects.filter(category_id=pk).exists(),
             _("Không thể xóa hạng mục “%(name)s” vì đã có hồ sơ dự thi thuộc hạng mục này.")),
            ("criteria", lambda pk: CompetitionScore.objects.filter(criterion_id=pk).exists(),
             _("Không thể xóa tiêu chí “%(name)s” vì giám khảo đã chấm theo tiêu chí này.")),
        ):
            formset = self.formsets.get(name)
            for form in getattr(formset, "deleted_forms", []) if formset is not None else []:
                instance = form.instance
                if instance.pk and in_use(instance.pk):
                    self.add_error(None, message % {"name": str(instance)})
        return cleaned
