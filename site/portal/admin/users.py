from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

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


class PortalUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm
