"""The idea bank in the Wagtail admin: wiring only. The moderators' views are in ideas.admin_views."""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.admin.filters import SuggestFilter
from portal.inputs import suggest

from . import admin_views, rules
from .competitions import admin_views as competition_views
from .competitions import rules as competition_rules
from .competitions.forms import CompetitionAdminForm
from .competitions.models import Competition
from .mentoring import admin_views as mentoring_views
from .mentoring import deletion
from .mentoring.models import MentoringRequest, MentorProfile
from .models import Entry, Sector


class EntryPermissionPolicy(ModelPermissionPolicy):
    """Entries are written by their owners (ideas.views): in the admin a moderator lists and inspects the entries
    they moderate and publishes or returns them; nobody adds, edits or deletes one here."""

    def user_has_permission(self, user, action):
        return action == "view" and rules.is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return action == "view" and rules.may_moderate(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return Entry.objects.moderated_by(user) if "view" in actions else Entry.objects.none()


register_permission_policy(Entry, EntryPermissionPolicy(Entry))


class EntryViewSet(ModelViewSet):
    model = Entry
    name = "ideas_entries"
    icon = "pick"
    url_prefix = "ideas/entries"
    menu_label = gettext_lazy("Ý tưởng, dự án")
    index_view_class = admin_views.EntryIndexView
    inspect_view_class = admin_views.EntryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "title",  # the first column as a string: Wagtail's title column, linking the row and holding its actions
        Column("club", label=gettext_lazy("Câu lạc bộ")),
        "sector",
        Column("get_state_display", label=gettext_lazy("Trạng thái"), sort_key="state"),
        DateColumn("submitted_at", label=gettext_lazy("Gửi lúc"), sort_key="submitted_at"),
        BooleanColumn("consent", label=gettext_lazy("Đồng ý công bố")),
    ]
    list_filter = ["state", "sector", "stage"]
    list_export = ["title", "sector", "stage", "district", "club", "state", "submitted_at", "published_at"]
    export_filename = "y-tuong"
    ordering = ["-submitted_at", "-pk"]

    def get_urlpatterns(self):
        """Listing, inspecting and moderating only: no add, edit, delete, history or usage screen names an entry
        another club's editor could open."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
            path("publish/<str:pk>/", admin_views.publish_view, name="publish"),
            path("return/<str:pk>/", admin_views.ReturnView.as_view(), name="return"),
        ]

    def on_register(self):
        super().on_register()
        Entry.admin_viewset = self


class SectorViewSet(ModelViewSet):
    model = Sector
    name = "ideas_sectors"
    icon = "tag"
    url_prefix = "ideas/sectors"
    menu_label = gettext_lazy("Lĩnh vực")
    form_fields = ["name", "slug", "description", "sort_order"]
    list_display = ["name", "slug", "sort_order"]
    list_export = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    copy_view_enabled = False
    delete_view_class = admin_views.SectorDeleteView


class BoardOnlyPolicy(ModelPermissionPolicy):
    """The network's profiles are the Board's to list, inspect and decide; nobody adds, edits or deletes one here
    (a mentor writes their own profile on the front end)."""

    def user_has_permission(self, user, action):
        return action == "view" and rules.is_board(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" in actions and rules.is_board(user):
            return self.model.objects.all()
        return self.model.objects.none()


register_permission_policy(MentorProfile, BoardOnlyPolicy(MentorProfile))


class MentorViewSet(ModelViewSet):
    model = MentorProfile
    name = "ideas_mentors"
    icon = "group"
    url_prefix = "ideas/mentors"
    menu_label = gettext_lazy("Chuyên gia, cố vấn")
    index_view_class = mentoring_views.ProfileIndexView
    inspect_view_class = mentoring_views.ProfileInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "display_name",  # Wagtail's title column: the row links to the profile and holds its actions
        Column("get_kind_display", label=gettext_lazy("Là"), sort_key="kind"),
        Column("get_state_display", label=gettext_lazy("Trạng thái"), sort_key="state"),
        DateColumn("applied_at", label=gettext_lazy("Đăng ký lúc"), sort_key="applied_at"),
        BooleanColumn("consent", label=gettext_lazy("Đồng ý hiện công khai")),
    ]
    list_filter = ["state", "kind", "sectors"]
    list_export = ["display_name", "kind", "headline", "expertise", "availability", "state", "applied_at"]
    export_filename = "chuyen-gia"
    ordering = ["state", "-applied_at", "-pk"]

    def get_urlpatterns(self):
        """Listing, inspecting and deciding only."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
            path("admit/<str:pk>/", mentoring_views.admit_view, name="admit"),
            path("decline/<str:pk>/", mentoring_views.DeclineView.as_view(), name="decline"),
            path("remove/<str:pk>/", mentoring_views.remove_view, name="remove"),
        ]

    def on_register(self):
        super().on_register()
        MentorProfile.admin_viewset = self


register_permission_policy(MentoringRequest, BoardOnlyPolicy(MentoringRequest))

# The mentor is a text box with suggestions, not a select of every mentor of the network.
REQUEST_MENTORS = suggest.register(
    "mentoring-request-mentors", MentorProfile, suggest.listing_scope(MentoringRequest, MentorProfile.objects.all),
    field="display_name",
)


class MentoringRequestFilterSet(WagtailFilterSet):
    mentor = SuggestFilter(source=REQUEST_MENTORS, label=gettext_lazy("Chuyên gia, cố vấn"))

    class Meta:
        model = MentoringRequest
        fields = ["state", "mentor"]


class MentoringRequestViewSet(ModelViewSet):
    model = MentoringRequest
    name = "ideas_mentoring_requests"
    icon = "comment"
    url_prefix = "ideas/mentoring-requests"
    menu_label = gettext_lazy("Đề nghị cố vấn")
    index_view_class = mentoring_views.RequestIndexView
    inspect_view_class = mentoring_views.RequestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "subject",  # Wagtail's title column (labelled by the property's short_description)
        Column("mentor", label=gettext_lazy("Chuyên gia, cố vấn"), accessor="mentor"),
        Column("get_state_display", label=gettext_lazy("Trạng thái"), sort_key="state"),
        DateColumn("created_at", label=gettext_lazy("Gửi lúc"), sort_key="created_at"),
    ]
    filterset_class = MentoringRequestFilterSet
    list_export = ["mentor", "subject", "state", "created_at", "decided_at", "reason"]
    export_filename = "de-nghi-co-van"
    ordering = ["state", "-created_at", "-pk"]

    def get_urlpatterns(self):
        """Listing, inspecting and answering only."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
            path("accept/<str:pk>/", mentoring_views.accept_request_view, name="accept"),
            path("decline/<str:pk>/", mentoring_views.DeclineRequestView.as_view(), name="decline"),
        ]

    def on_register(self):
        super().on_register()
        MentoringRequest.admin_viewset = self


@hooks.register("before_serve_document")
def serve_bank_documents_only_where_shown(document, request):
    """Wagtail serves any document to whoever knows its address; a document an entry of the bank holds is served
    only while a published entry shows it, or to whoever may edit an entry holding it (a waiting entry, a change
    waiting for moderation): otherwise 404, as for the entry's own page."""
    from django.db.models import Q
    from django.http import Http404

    holders = list(
        Entry.objects.filter(Q(document=document) | Q(versions__data__document_id=document.pk)).distinct()
    )
    if not holders:
        return None  # not the bank's: Wagtail's own rules (collections' view restrictions)
    if any(entry.is_public and entry.document_id == document.pk for entry in holders):
        return None
    if any(rules.may_edit(request.user, entry) for entry in holders):
        return None
    raise Http404


# --- competitions and awards ---------------------------------------------------------------------------------


class CompetitionPolicy(ModelPermissionPolicy):
    """Competitions are their organiser's: the Board adds, edits, inspects and (while no entry depends on one)
    deletes any, a district organiser those of their district (competitions.rules.may_run). Reviewers score on the
    front end (/ca-nhan/cuoc-thi/cham/), not here."""

    ACTIONS = {"add", "change", "delete", "view"}

    def user_has_permission(self, user, action):
        return action in self.ACTIONS and competition_rules.is_organiser(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return action in self.ACTIONS and competition_rules.may_run(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if set(actions) & self.ACTIONS:
            return competition_rules.competitions_run_by(user)
        return Competition.objects.none()


register_permission_policy(Competition, CompetitionPolicy(Competition))


class CompetitionViewSet(ModelViewSet):
    model = Competition
    name = "ideas_competitions"
    icon = "success"
    url_prefix = "ideas/competitions"
    menu_label = gettext_lazy("Cuộc thi, giải thưởng")
    add_to_admin_menu = False
    edit_handler = ObjectList(Competition.panels, base_form_class=CompetitionAdminForm)
    index_view_class = competition_views.CompetitionIndexView
    inspect_view_class = competition_views.CompetitionInspectView
    inspect_view_enabled = True
    delete_view_class = competition_views.CompetitionDeleteView
    copy_view_enabled = False
    list_display = [
        "title",  # the first column as a string: Wagtail's title column, linking the row and holding its actions
        Column("organiser_name", label=gettext_lazy("Đơn vị tổ chức")),
        DateColumn("closes_at", label=gettext_lazy("Hạn đăng ký"), sort_key="closes_at"),
        BooleanColumn("is_published", label=gettext_lazy("Công khai")),
        DateColumn("released_at", label=gettext_lazy("Công bố kết quả"), sort_key="released_at"),
    ]
    list_filter = ["is_published", "organiser"]
    list_export = ["title", "organiser", "opens_at", "closes_at", "is_published", "released_at"]
    export_filename = "cuoc-thi"
    search_fields = ["title"]
    ordering = ["-opens_at", "-pk"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("prepare/<str:pk>/", competition_views.prepare_view, name="prepare"),
            path("release/<str:pk>/", competition_views.release_view, name="release"),
        ]

    def on_register(self):
        super().on_register()
        Competition.admin_viewset = self


class IdeasAdminGroup(ViewSetGroup):
    menu_label = gettext_lazy("Ngân hàng ý tưởng")
    menu_icon = "pick"
    menu_order = 290
    items = (EntryViewSet, CompetitionViewSet, MentorViewSet, MentoringRequestViewSet, SectorViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return IdeasAdminGroup()


@hooks.register("register_log_actions")
def register_competition_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    from .competitions.enums import Award
    from .competitions.services import PENDING_CLEARED, REVIEW_WITHDRAWN, TEAM_REVIEW_WITHDRAWN

    @actions.register_action(PENDING_CLEARED)
    class PendingAwardCleared(LogFormatter):
        label = gettext_lazy("Hủy kết quả đã chuẩn bị")

        def format_message(self, log_entry):
            from django.utils.translation import gettext as _

            data = log_entry.data or {}
            award = data.get("award", "")
            label = Award(award).label if award in Award.values else award
            return _("Đã hủy kết quả đã chuẩn bị (%(award)s): %(why)s") % {"award": label, "why": data.get("why", "")}

    @actions.register_action(REVIEW_WITHDRAWN)
    class ReviewWithdrawn(LogFormatter):
        label = gettext_lazy("Rút phiếu chấm do xung đột lợi ích")

        def format_message(self, log_entry):
            from django.utils.translation import gettext as _

            from portal.review.recusal import withdrawn_total

            return _("Giám khảo khai báo xung đột lợi ích; phiếu chấm %(total)s điểm không còn được tính.") % {
                "total": withdrawn_total(log_entry)
            }

    @actions.register_action(TEAM_REVIEW_WITHDRAWN)
    class TeamReviewWithdrawn(LogFormatter):
        label = gettext_lazy("Rút phiếu chấm: giám khảo tham gia nhóm thực hiện")

        def format_message(self, log_entry):
            from django.utils.translation import gettext as _

            from portal.review.recusal import withdrawn_total

            return _("Giám khảo đã tham gia nhóm thực hiện ý tưởng; phiếu chấm %(total)s điểm không còn được tính.") % {
                "total": withdrawn_total(log_entry)
            }

# --- deleting what mentoring requests name --------------------------------------------------------------------


@hooks.register("before_delete_page")
def refuse_deleting_clubs_with_mentoring(request, page):
    return deletion.refuse_deleting_clubs_with_mentoring(request, [page], page.get_parent().id)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_clubs_with_mentoring(request, action_type, objects, action_class_instance):
    """The explorer's bulk delete does not run before_delete_page."""
    if action_type != "delete" or not objects or not hasattr(objects[0], "specific_class"):
        return None
    return deletion.refuse_deleting_clubs_with_mentoring(request, objects, objects[0].get_parent().id)
