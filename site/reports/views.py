"""The yearly report's admin screen (Board only): pick a year, read the tables, download XLSX or PDF."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.documents import docx
from portal.documents import pdf as document_pdf
from training.rules import is_board

from . import documents, pdf, xlsx, yearly

FORMATS = [
    ("", gettext_lazy("Xem trên trang")), ("xlsx", "XLSX"), ("pdf", "PDF"),
    ("docx", gettext_lazy("Văn bản DOCX")), ("vanban", gettext_lazy("Văn bản PDF")),
]


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Năm"))
    format = forms.ChoiceField(label=gettext_lazy("Định dạng"), choices=FORMATS, required=False)

    def clean_year(self):
        year = self.cleaned_data["year"]
        first, last = yearly.year_range()
        if not first <= year <= last:
            raise forms.ValidationError(
                _("Năm phải từ %(first)s đến %(last)s.") % {"first": first, "last": last}
            )
        return year


def board_name():
    from training.certificates.services import board_settings

    return board_settings()[0].board_name


def yearly_report(request):
    if not is_board(request.user):
        raise PermissionDenied
    form = YearForm(request.GET or {"year": timezone.localdate().year})
    form.fields["year"].error_messages["invalid"] = _("Hãy nhập năm bằng chữ số, ví dụ %(year)s.") % {
        "year": timezone.localdate().year
    }
    if not form.is_valid():
        return render(request, "reports/yearly.html", {"form": form}, status=400)
    report = yearly.build(form.cleaned_data["year"])
    wanted = form.cleaned_data["format"]
    if wanted == "xlsx":
        return download(xlsx.render_xlsx(report), xlsx.filename(report), xlsx.CONTENT_TYPE)
    if wanted in ("docx", "vanban"):
        document = documents.yearly_document(report, on=timezone.localdate())
        if wanted == "docx":
            return download(docx.render(document), f"bao-cao-nam-{report.year}.docx", docx.CONTENT_TYPE)
        return download(document_pdf.render(document), f"bao-cao-nam-{report.year}-van-ban.pdf", "application/pdf")
    if wanted == "pdf":
        content = pdf.render_pdf(report, board_name=board_name(), made_on=timezone.localdate())
        return download(content, pdf.filename(report), "application/pdf")
    return render(
        request,
        "reports/yearly.html",
        {"form": form, "report": report, "tables": yearly.tables(report), "title": yearly.title(report.year)},
    )


def download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
