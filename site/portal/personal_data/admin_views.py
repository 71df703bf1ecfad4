"""The Board's screens for personal data (admin menu "Dữ liệu cá nhân"): search a person, see what is held,
download the export, erase on request after a confirmation step. Only holders of portal.manage_personal_data
(the Board, through portal.roles) see the menu item or open the screens; anyone else gets a 403."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.models import ErasureRecord, User

from . import service


def may_manage(user):
    return user.is_active and user.has_perm(service.PERMISSION)


def board_only(view):
    def wrapped(request, *args, **kwargs):
        if not may_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Họ tên, thư điện tử, điện thoại hoặc tên đăng nhập"), max_length=120, required=False,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class PersonForm(forms.Form):
    """Who the screens are about, carried in the query string: an account and/or an e-mail and/or a phone."""

    user = forms.ModelChoiceField(User.objects.all(), required=False, widget=forms.HiddenInput)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)

    def person(self):
        """The Person, or None when the query names nobody (or is malformed)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if not (data["user"] or data["email"] or data["phone"].strip()):
            return None
        return service.Person.lookup(user=data["user"], email=data["email"], phone=data["phone"])

    def query(self):
        data = self.cleaned_data
        values = {"user": data["user"].pk if data["user"] else "", "email": data["email"], "phone": data["phone"]}
        return urlencode({key: value for key, value in values.items() if value})


class ErasureForm(forms.Form):
    reference = forms.CharField(
        label=_("Số, mã yêu cầu xóa dữ liệu"), max_length=100,
        help_text=_("Ví dụ: Đơn số 12/2026 ngày 28/11/2026. Không ghi họ tên người yêu cầu."),
    )
    reason = forms.CharField(label=_("Lý do, ghi chú"), max_length=1000, required=False, widget=forms.Textarea(
        attrs={"rows": 3}
    ))
    confirm = forms.BooleanField(
        label=_("Tôi hiểu việc xóa không thể hoàn tác."),
        error_messages={"required": _("Hãy xác nhận bạn hiểu việc xóa không thể hoàn tác.")},
    )


def _person_or_redirect(request):
    form = PersonForm(request.GET)
    person = form.person()
    if person is None:
        messages.error(request, _t("Hãy chọn một người từ kết quả tìm kiếm."))
    return form, person


@board_only
@require_GET
def index(request):
    form = SearchForm(request.GET)
    results = service.search(form.cleaned_data["q"]) if form.is_valid() else []
    for row in results:
        values = {"user": row.user.pk} if row.user else {"email": row.email} if row.email else {"phone": row.phone}
        row.query = urlencode(values)
    labels = service.kind_labels()
    erasures = list(ErasureRecord.objects.select_related("actor")[:20])
    for record in erasures:
        record.labelled = [(labels.get(kind, kind), n) for kind, n in record.counts.items()]
    return render(request, "portal/personal_data/index.html", {
        "form": form,
        "results": results,
        "searched": bool(form.is_valid() and form.cleaned_data["q"]),
        "erasures": erasures,
        "page_title": _t("Dữ liệu cá nhân"),
    })


@board_only
@require_GET
def person(request):
    form, person = _person_or_redirect(request)
    if person is None:
        return redirect("portal_personal_data")
    found = service.find_person(person)
    return render(request, "portal/personal_data/person.html", {
        "person": person,
        "query": form.query(),
        "counts": service.counts(found),
        "page_title": _t("Dữ liệu của một người"),
    })


@board_only
@require_GET
def export(request):
    _form, person = _person_or_redirect(request)
    if person is None:
        return redirect("portal_personal_data")
    body, filename = service.export_json(person, request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@board_only
@require_http_methods(["GET", "POST"])
def erase(request):
    person_form, person = _person_or_redirect(request)
    if person is None:
        return redirect("portal_personal_data")
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = service.erase_person(
                person, request.user, reference=form.cleaned_data["reference"], reason=form.cleaned_data["reason"]
            )
        except service.PersonalDataError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _t("Đã xóa dữ liệu cá nhân theo yêu cầu %(reference)s (%(count)s bản ghi đã được ẩn danh).")
                % {"reference": record.reference, "count": sum(record.counts.values())},
            )
            return redirect("portal_personal_data")
    return render(request, "portal/personal_data/erase.html", {
        "form": form,
        "person": person,
        "query": person_form.query(),
        "counts": service.counts(service.find_person(person)),
        "page_title": _t("Xóa dữ liệu cá nhân"),
    })


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return [
        path("du-lieu-ca-nhan/", index, name="portal_personal_data"),
        path("du-lieu-ca-nhan/nguoi/", person, name="portal_personal_data_person"),
        path("du-lieu-ca-nhan/nguoi/xuat.json", export, name="portal_personal_data_export"),
        path("du-lieu-ca-nhan/nguoi/xoa/", erase, name="portal_personal_data_erase"),
    ]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Dữ liệu cá nhân"), reverse("portal_personal_data"), icon_name="lock", order=9000
    )
