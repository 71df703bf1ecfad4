from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import DeleteView, UserViewSet

from .delete import RefuseProtectedDeleteMixin, blocking_objects, locked, protected_by, protected_summary

EXTRA_FIELDS = ("agency", "phone")


class PasswordContextMixin:
    """The password validators (portal.security.passwords) refuse the names of the clubs the user edits; on this
    form the groups are chosen together with the password and saved only after it, so hand them over."""

    def validate_password(self):
        if "groups" in self.cleaned_data:
            self.instance._password_groups = list(self.cleaned_data["groups"] or [])
        super().validate_password()


class PortalUserCreationForm(PasswordContextMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(EXTRA_FIELDS)


class PortalUserEditForm(PasswordContextMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(EXTRA_FIELDS)


def user_refusal(users, error):
    """An account that records still name (a trainer's or mentor's profile, nominations, mentoring requests...) is
    kept: the Board locks it, or erases the person's data on request, and the records stay for the reports."""
    return _(
        "Không thể xóa tài khoản “%(users)s” vì vẫn còn hồ sơ đang dùng nó: %(used_by)s. Hãy khóa tài khoản (bỏ "
        "chọn “đang hoạt động”), hoặc khi người đó yêu cầu, xóa dữ liệu cá nhân của họ ở mục “Dữ liệu cá nhân”."
    ) % {"users": "”, “".join(str(user) for user in users), "used_by": protected_summary(error)}


class PortalUserDeleteView(RefuseProtectedDeleteMixin, DeleteView):
    def refusal_message(self, error):
        return user_refusal([self.object], error)

    def refused_url(self):
        return reverse("wagtailusers_users:edit", args=(self.object.pk,))


def refuse_bulk_deleting_protected_users(request, action_type, objects, action):
    """before_bulk_action: the users listing's bulk delete, by the same rule as the delete view."""
    if action_type != "delete" or not objects or not isinstance(objects[0], get_user_model()):
        return None
    locked(objects)  # in the deletion's transaction, as delete.refuse_bulk_deleting_protected
    errors = {user: protected_by([user]) for user in objects}  # to name only the accounts that are kept
    if blocked := [user for user, error in errors.items() if error]:
        records = set().union(*(blocking_objects(errors[user]) for user in blocked))
        messages.error(request, user_refusal(blocked, ProtectedError("", records)))
        return redirect(action.next_url if action.next_url != request.path else "wagtailusers_users:index")
    return None


class PortalUserViewSet(UserViewSet):
    delete_view_class = PortalUserDeleteView

    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm
