from wagtail.users.apps import WagtailUsersAppConfig


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the agency and phone of our user model on its forms."""

    user_viewset = "portal.admin.users.PortalUserViewSet"
