"""The cross-club admin matrix: every admin URL pattern, run as another club's editor.

Generated from the URLconf: each pattern under /admin/ is looked up in ROUTES (by name; snippet and chooser
patterns by their action, for the snippet models of SNIPPETS), which says how to fill its arguments with the ids
of club A's secret records. The editor of club B then GETs every URL, and the body (and any message queued for the
next page) must never contain a marker planted in club A's drafts, in personal data or in the Board's private
collection, and no URL may answer 500. A new pattern that the tables do not classify fails the test, so a new
screen is covered the day it appears.
"""

import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.models import Workflow

from clubs.models import NewsPage
from events.models import Delegate, Registration, StudyTourReport
from portal import roles
from tests.factories.clubs import club_editor, make_club, make_image, make_news
from tests.factories.events import event_index, make_event, study_tour_kind
from tests.factories.portal import board_user
from tests.factories.training_cohorts import CohortFactory, completed_enrolment, issued_certificate
from training.cohorts import services as cohort_services
from training.models import PracticumDelivery

pytestmark = pytest.mark.django_db

# Every secret carries this prefix, so one search of the body finds any of them.
SECRET = re.compile(r"QZX[A-Z]+")
DRAFT_TITLE = "Tin QZXNHAPA chưa duyệt"  # a never-published news page of club A
DRAFT_SLUG = "qzxslugnhap"
REVISION_TITLE = "Tin QZXBANSUA đang sửa"  # an unpublished revision of club A's live news
EVENT_TITLE = "Sự kiện QZXSUKIENNHAP"  # a draft event of club A
NOMINEE = "Nguyễn QZXUNGVIEN"  # a nominee, then trainee, trainer and certificate holder
REGISTRANT = "Trần QZXDANGKY"
DELEGATE = "Lê QZXTHANHVIEN"
LESSONS = "Bài học QZXBAOCAO"
PRACTICUM_TOPIC = "Chủ đề QZXTHUCHANH"
IMAGE_TITLE = "Ảnh QZXANHRIENG"  # in club A's collection
DOCUMENT_TITLE = "Tài liệu QZXTAILIEURIENG"


# How to fill a pattern's arguments -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fill:
    """kwarg name -> attribute of the fixture namespace (or a literal string prefixed with '='), and a query."""

    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)

    def resolve(self, fx):
        values = {}
        for name, source in self.kwargs.items():
            values[name] = source[1:] if source.startswith("=") else getattr(fx, source)
        # Literals are sent in lower case: a search box echoes its query, and SECRET matches upper case only.
        query = {
            key: (value[1:].lower() if value.startswith("=") else getattr(fx, value))
            for key, value in self.query.items()
        }
        return values, query


def fills(*items):
    return tuple(items)


NOT_OBJECT = fills(Fill())  # a screen with no object in its URL: still run, with nothing to fill
SEARCH_PAGES = fills(Fill(query={"q": "=QZXNHAPA"}), Fill(query={"q": "=QZXBANSUA"}))
SKIP = ()  # not an admin screen (log-in, log-out, password reset, static assets, the catch-all 404)

PAGE = fills(Fill({"page_id": "draft"}), Fill({"page_id": "revised"}))
PARENT = fills(Fill({"parent_page_id": "draft"}), Fill({"parent_page_id": "club_a"}))
PAGE_REVISION = fills(
    Fill({"page_id": "draft", "revision_id": "draft_revision"}),
    Fill({"page_id": "revised", "revision_id": "revised_revision"}),
)
WORKFLOW_TASK = fills(
    Fill({"page_id": "revised", "action_name": "=approve", "task_state_id": "task_state"}),
    Fill({"page_id": "revised", "action_name": "=reject", "task_state_id": "task_state"}),
)
CONTENT_TYPE = {"content_type_app_name": "=clubs", "content_type_model_name": "=newspage"}

ROUTES = {
    # Wagtail's own pages, choosers and reports
    "wagtailadmin_home": NOT_OBJECT,
    "/admin/test404/": SKIP,
    "wagtailadmin_error_test": SKIP,
    "wagtailadmin_api:pages:listing": fills(Fill(query={"search": "=QZXNHAPA"}), Fill(query={"child_of": "club_a"})),
    "wagtailadmin_api:pages:detail": fills(Fill({"pk": "draft"}), Fill({"pk": "revised"})),
    "wagtailadmin_api:pages:find": fills(Fill(query={"id": "draft"})),
    "wagtailadmin_api:pages:action": fills(Fill({"pk": "draft", "action_name": "=copy"})),
    "wagtailadmin_api:documents:listing": fills(Fill(query={"search": "=QZXTAILIEURIENG"})),
    "wagtailadmin_api:documents:detail": fills(Fill({"pk": "document"})),
    "wagtailadmin_api:documents:find": fills(Fill(query={"id": "document"})),
    "wagtailadmin_api:images:listing": fills(Fill(query={"search": "=QZXANHRIENG"})),
    "wagtailadmin_api:images:detail": fills(Fill({"pk": "image"})),
    "wagtailadmin_api:images:find": fills(Fill(query={"id": "image"})),
    "wagtailadmin_explore_root": SEARCH_PAGES,
    "wagtailadmin_explore": PARENT,
    "wagtailadmin_explore_results": PARENT,
    "wagtail_bulk_action": (),  # filled from the bulk action registry below
    "wagtailadmin_pages:add": fills(Fill({**CONTENT_TYPE, "parent_page_id": "draft"})),
    "wagtailadmin_pages:preview_on_add": fills(Fill({**CONTENT_TYPE, "parent_page_id": "club_a"})),
    "wagtailadmin_pages:type_use": fills(Fill(CONTENT_TYPE), Fill(CONTENT_TYPE, {"q": "=QZXNHAPA"})),
    "wagtailadmin_pages:type_use_results": fills(Fill(CONTENT_TYPE), Fill(CONTENT_TYPE, {"q": "=QZXNHAPA"})),
    "wagtailadmin_pages:choose_parent": fills(Fill({"app_label": "=clubs", "model_name": "=newspage"})),
    "wagtailadmin_pages:usage": PAGE,
    "wagtailadmin_pages:edit": PAGE,
    "wagtailadmin_pages:preview_on_edit": PAGE,
    "wagtailadmin_pages:view_draft": PAGE,
    "wagtailadmin_pages:add_subpage": PARENT,
    "wagtailadmin_pages:delete": PAGE,
    "wagtailadmin_pages:unpublish": PAGE,
    "wagtailadmin_pages:convert_alias": PAGE,
    "wagtailadmin_pages:search": SEARCH_PAGES,
    "wagtailadmin_pages:search_results": SEARCH_PAGES,
    "wagtailadmin_pages:move": fills(Fill({"page_to_move_id": "draft"})),
    "wagtailadmin_pages:move_confirm": fills(
        Fill({"page_to_move_id": "draft", "destination_id": "club_b"}),
        Fill({"page_to_move_id": "revised", "destination_id": "club_b"}),
        Fill({"page_to_move_id": "own_news", "destination_id": "draft"}),
        Fill({"page_to_move_id": "draft", "destination_id": "twin_parent"}),  # the slug is taken there
    ),
    "wagtailadmin_pages:set_page_position": fills(Fill({"page_to_move_id": "draft"}, {"position": "=0"})),
    "wagtailadmin_pages:copy": PAGE,
    "wagtailadmin_pages:workflow_action": WORKFLOW_TASK,
    "wagtailadmin_pages:collect_workflow_action_data": WORKFLOW_TASK,
    "wagtailadmin_pages:confirm_workflow_cancellation": fills(Fill({"page_id": "revised"})),
    "wagtailadmin_pages:workflow_preview": fills(Fill({"page_id": "revised", "task_id": "task"})),
    "wagtailadmin_pages:set_privacy": PAGE,
    "wagtailadmin_pages:lock": PAGE,
    "wagtailadmin_pages:unlock": PAGE,
    "wagtailadmin_pages:revisions_index": PAGE,
    "wagtailadmin_pages:revisions_view": PAGE_REVISION,
    "wagtailadmin_pages:revisions_revert": PAGE_REVISION,
    "wagtailadmin_pages:revisions_unschedule": PAGE_REVISION,
    "wagtailadmin_pages:revisions_compare": fills(
        Fill({"pk": "revised", "revision_id_a": "=live", "revision_id_b": "=latest"}),
        Fill({"pk": "draft", "revision_id_a": "=earliest", "revision_id_b": "=latest"}),
    ),
    "wagtailadmin_pages:workflow_history": fills(Fill({"page_id": "revised"})),
    "wagtailadmin_pages:workflow_history_detail": fills(
        Fill({"page_id": "revised", "workflow_state_id": "workflow_state"})
    ),
    "wagtailadmin_pages:history": PAGE,
    "wagtailadmin_pages:history_results": PAGE,
    "wagtailadmin_choose_page": fills(Fill(), Fill(query={"page_type": "=clubs.newspage"})),
    "wagtailadmin_choose_page_child": PARENT + fills(Fill({"parent_page_id": "directory"})),
    "wagtailadmin_choose_page_search": SEARCH_PAGES,
    "wagtailadmin_choose_page_chosen_multiple": fills(Fill(query={"id": "draft"}), Fill(query={"id": "revised"})),
    "wagtailadmin_choose_page_external_link": NOT_OBJECT,
    "wagtailadmin_choose_page_email_link": NOT_OBJECT,
    "wagtailadmin_choose_page_phone_link": NOT_OBJECT,
    "wagtailadmin_choose_page_anchor_link": NOT_OBJECT,
    "wagtailadmin_tag_autocomplete": fills(Fill(query={"term": "=QZX"})),
    "wagtailadmin_tag_model_autocomplete": fills(
        Fill({"app_name": "=clubs", "model_name": "=newstag"}, {"term": "=QZX"})
    ),
    "wagtailadmin_collections:index": NOT_OBJECT,
    "wagtailadmin_collections:add": NOT_OBJECT,
    "wagtailadmin_collections:edit": fills(Fill({"pk": "private_collection"})),
    "wagtailadmin_collections:delete": fills(Fill({"pk": "private_collection"})),
    "wagtailadmin_collections:set_privacy": fills(Fill({"collection_id": "private_collection"})),
    "wagtailadmin_workflows:index": NOT_OBJECT,
    "wagtailadmin_workflows:index_results": NOT_OBJECT,
    "wagtailadmin_workflows:add": NOT_OBJECT,
    "wagtailadmin_workflows:enable": fills(Fill({"pk": "workflow"})),
    "wagtailadmin_workflows:disable": fills(Fill({"pk": "workflow"})),
    "wagtailadmin_workflows:edit": fills(Fill({"pk": "workflow"})),
    "wagtailadmin_workflows:usage": fills(Fill({"pk": "workflow"})),
    "wagtailadmin_workflows:usage_results": fills(Fill({"pk": "workflow"})),
    "wagtailadmin_workflows:remove": fills(
        Fill({"page_pk": "draft"}), Fill({"page_pk": "draft", "workflow_pk": "workflow"})
    ),
    "wagtailadmin_workflows:add_task": fills(Fill({"app_label": "=wagtailcore", "model_name": "=groupapprovaltask"})),
    "wagtailadmin_workflows:select_task_type": NOT_OBJECT,
    "wagtailadmin_workflows:task_index": NOT_OBJECT,
    "wagtailadmin_workflows:task_index_results": NOT_OBJECT,
    "wagtailadmin_workflows:edit_task": fills(Fill({"pk": "task"})),
    "wagtailadmin_workflows:disable_task": fills(Fill({"pk": "task"})),
    "wagtailadmin_workflows:enable_task": fills(Fill({"pk": "task"})),
    "wagtailadmin_workflows:task_chooser": NOT_OBJECT,
    "wagtailadmin_workflows:task_chooser_results": NOT_OBJECT,
    "wagtailadmin_workflows:task_chooser_create": NOT_OBJECT,
    "wagtailadmin_workflows:task_chosen": fills(Fill({"task_id": "task"})),
    "wagtailadmin_reports:locked_pages": NOT_OBJECT,
    "wagtailadmin_reports:locked_pages_results": NOT_OBJECT,
    "wagtailadmin_reports:workflow": NOT_OBJECT,
    "wagtailadmin_reports:workflow_results": NOT_OBJECT,
    "wagtailadmin_reports:workflow_tasks": NOT_OBJECT,
    "wagtailadmin_reports:workflow_tasks_results": NOT_OBJECT,
    "wagtailadmin_reports:site_history": NOT_OBJECT,
    "wagtailadmin_reports:site_history_results": NOT_OBJECT,
    "wagtailadmin_reports:aging_pages": NOT_OBJECT,
    "wagtailadmin_reports:aging_pages_results": NOT_OBJECT,
    "wagtailadmin_reports:page_types_usage": NOT_OBJECT,
    "wagtailadmin_reports:page_types_usage_results": NOT_OBJECT,
    "wagtailadmin_account": NOT_OBJECT,
    "wagtailadmin_logout": SKIP,
    "wagtailadmin_dismissibles": NOT_OBJECT,
    "wagtailadmin_editing_sessions:ping": fills(
        Fill({"app_label": "=wagtailcore", "model_name": "=page", "object_id": "draft", "session_id": "=1"})
    ),
    "wagtailadmin_editing_sessions:release": fills(Fill({"session_id": "=1"})),
    "wagtailadmin_block_preview": NOT_OBJECT,
    # Our own admin screens
    "portal_personal_data": fills(Fill(query={"q": "=QZXUNGVIEN"}), Fill(query={"q": "=QZXDANGKY"})),
    "portal_personal_data_person": fills(
        Fill(query={"user": "trainee_user"}), Fill(query={"email": "registrant_email"})
    ),
    "portal_personal_data_export": fills(
        Fill(query={"user": "trainee_user"}), Fill(query={"email": "registrant_email"})
    ),
    "portal_personal_data_erase": fills(Fill(query={"user": "trainee_user"})),
    "portal_lockouts": NOT_OBJECT,
    "portal_two_factor": NOT_OBJECT,
    "quiet_clubs": NOT_OBJECT,
    "quiet_clubs_results": NOT_OBJECT,
    "tot_cohort_issue": fills(Fill({"pk": "cohort"})),
    "tot_cohort_bundle": fills(Fill({"pk": "cohort"})),
    "tot_bundle_status": fills(Fill({"pk": "bundle"})),
    "tot_bundle_download": fills(Fill({"pk": "bundle"})),
    "tot_certificate_revoke": fills(Fill({"pk": "certificate"})),
    "tot_cohort_manage": fills(Fill({"pk": "cohort"})),
    "tot_cohort_enrol": fills(Fill({"pk": "cohort"})),
    "tot_cohort_attendance": fills(Fill({"pk": "cohort"})),
    "tot_cohort_results": fills(Fill({"pk": "cohort"})),
    "tot_reach_report": NOT_OBJECT,
    "tot_cohort_close": fills(Fill({"pk": "cohort"})),
    "tot_cohort_reopen": fills(Fill({"pk": "cohort"})),
    "tot_at_risk_report": NOT_OBJECT,
    "tot_certificates_review": NOT_OBJECT,
    "gia-han-cong-nhan:index": NOT_OBJECT,
    "gia-han-cong-nhan:review": fills(Fill({"pk": "=1"})),  # no renewal request in the fixture: refused before lookup
    "events_attendance_index": NOT_OBJECT,
    "events_attendance": fills(Fill({"event_id": "event"}), Fill({"event_id": "tour"})),
    "events_missing_reports": NOT_OBJECT,
    "events_missing_reports_results": NOT_OBJECT,
    "events_certificates_index": NOT_OBJECT,
    "events_certificates": fills(Fill({"event_id": "event"})),
    "board_yearly_report": fills(Fill(), Fill(query={"export": "=xlsx"})),
    "wagtailforms:index": NOT_OBJECT,
    "wagtailforms:index_results": NOT_OBJECT,
    "wagtailforms:list_submissions": PAGE,
    "wagtailforms:list_submissions_results": PAGE,
    "wagtailforms:delete_submissions": PAGE,
    "wagtailredirects:index": fills(Fill(query={"q": "=qzx"})),
    "wagtailredirects:index_results": fills(Fill(query={"q": "=qzx"})),
    "wagtailredirects:add": NOT_OBJECT,
    "wagtailredirects:edit": fills(Fill({"redirect_id": "redirect"})),
    "wagtailredirects:delete": fills(Fill({"redirect_id": "redirect"})),
    "wagtailredirects:start_import": NOT_OBJECT,
    "wagtailredirects:process_import": NOT_OBJECT,
    "wagtailsettings:edit": fills(
        Fill({"app_name": "=portal", "model_name": "=portalsettings"}),
        Fill({"app_name": "=training", "model_name": "=certificatesettings"}),
    ),
    "wagtailsettings:preview_on_edit": fills(
        Fill({"app_name": "=portal", "model_name": "=portalsettings", "pk": "site"})
    ),
    "wagtailsearchpromotions:index": NOT_OBJECT,
    "wagtailsearchpromotions:index_results": NOT_OBJECT,
    "wagtailsearchpromotions:add": NOT_OBJECT,
    "wagtailsearchpromotions:edit": fills(Fill({"query_id": "search_query"})),
    "wagtailsearchpromotions:delete": fills(Fill({"query_id": "search_query"})),
    "wagtailsearchpromotions:chooser": fills(Fill(query={"q": "=qzx"})),
    "wagtailsearchpromotions:chooserresults": fills(Fill(query={"q": "=qzx"})),
    "wagtailsearchpromotions:search_terms": NOT_OBJECT,
    "wagtailsearchpromotions:search_terms_results": NOT_OBJECT,
    "wagtailembeds:chooser": NOT_OBJECT,
    "wagtailembeds:chooser_upload": NOT_OBJECT,
    "wagtailsnippets:index": NOT_OBJECT,
    "wagtaildocs:index": fills(Fill(), Fill(query={"q": "=QZXTAILIEURIENG"})),
    "wagtaildocs:index_results": fills(Fill(), Fill(query={"q": "=QZXTAILIEURIENG"})),
    "wagtaildocs:add": NOT_OBJECT,
    "wagtaildocs:edit": fills(Fill({"document_id": "document"})),
    "wagtaildocs:delete": fills(Fill({"document_id": "document"})),
    "wagtaildocs:add_multiple": NOT_OBJECT,
    "wagtaildocs:edit_multiple": fills(Fill({"doc_id": "document"})),
    "wagtaildocs:create_multiple_from_uploaded_document": fills(Fill({"uploaded_file_id": "uploaded_document"})),
    "wagtaildocs:delete_multiple": fills(Fill({"doc_id": "document"})),
    "wagtaildocs:delete_upload_multiple": fills(Fill({"uploaded_file_id": "uploaded_document"})),
    "wagtaildocs:document_usage": fills(Fill({"document_id": "document"})),
    "wagtailimages:index": fills(Fill(), Fill(query={"q": "=QZXANHRIENG"})),
    "wagtailimages:index_results": fills(Fill(), Fill(query={"q": "=QZXANHRIENG"})),
    "wagtailimages:edit": fills(Fill({"image_id": "image"})),
    "wagtailimages:delete": fills(Fill({"image_id": "image"})),
    "wagtailimages:url_generator": fills(Fill({"image_id": "image"})),
    "wagtailimages:url_generator_output": fills(Fill({"image_id": "image"}, {"filter_method": "=original"})),
    "wagtailimages:preview": fills(Fill({"image_id": "image", "filter_spec": "=original"})),
    "wagtailimages:add": NOT_OBJECT,
    "wagtailimages:image_usage": fills(Fill({"image_id": "image"})),
    "wagtailimages:add_multiple": NOT_OBJECT,
    "wagtailimages:edit_multiple": fills(Fill({"image_id": "image"})),
    "wagtailimages:create_multiple_from_uploaded_image": fills(Fill({"uploaded_file_id": "uploaded_image"})),
    "wagtailimages:delete_multiple": fills(Fill({"image_id": "image"})),
    "wagtailimages:delete_upload_multiple": fills(Fill({"uploaded_file_id": "uploaded_image"})),
    "wagtaildocs_chooser:choose": fills(Fill(), Fill(query={"q": "=QZXTAILIEURIENG"})),
    "wagtaildocs_chooser:choose_results": fills(Fill(), Fill(query={"q": "=QZXTAILIEURIENG"})),
    "wagtaildocs_chooser:chosen": fills(Fill({"pk": "document"})),
    "wagtaildocs_chooser:chosen_multiple": fills(Fill(query={"id": "document"})),
    "wagtaildocs_chooser:create": NOT_OBJECT,
    "wagtailimages_chooser:choose": fills(Fill(), Fill(query={"q": "=QZXANHRIENG"})),
    "wagtailimages_chooser:choose_results": fills(Fill(), Fill(query={"q": "=QZXANHRIENG"})),
    "wagtailimages_chooser:chosen": fills(Fill({"pk": "image"})),
    "wagtailimages_chooser:chosen_multiple": fills(Fill(query={"id": "image"})),
    "wagtailimages_chooser:create": NOT_OBJECT,
    "wagtailimages_chooser:select_format": fills(Fill({"image_id": "image"})),
    "wagtailsites:index": NOT_OBJECT,
    "wagtailsites:index_results": NOT_OBJECT,
    "wagtailsites:add": NOT_OBJECT,
    "wagtailsites:edit": fills(Fill({"pk": "site"})),
    "wagtailsites:delete": fills(Fill({"pk": "site"})),
    "wagtailsites:history": fills(Fill({"pk": "site"})),
    "wagtailsites:history_results": fills(Fill({"pk": "site"})),
    "wagtailsites:usage": fills(Fill({"pk": "site"})),
    "wagtailsites:copy": fills(Fill({"pk": "site"})),
    "wagtailusers_users:index": fills(Fill(query={"q": "=QZXUNGVIEN"})),
    "wagtailusers_users:index_results": fills(Fill(query={"q": "=QZXUNGVIEN"})),
    "wagtailusers_users:add": NOT_OBJECT,
    "wagtailusers_users:edit": fills(Fill({"pk": "trainee_user"})),
    "wagtailusers_users:delete": fills(Fill({"pk": "trainee_user"})),
    "wagtailusers_users:history": fills(Fill({"pk": "trainee_user"})),
    "wagtailusers_users:history_results": fills(Fill({"pk": "trainee_user"})),
    "wagtailusers_users:usage": fills(Fill({"pk": "trainee_user"})),
    "wagtailusers_users:copy": fills(Fill({"pk": "trainee_user"})),
    "wagtailusers_groups:index": NOT_OBJECT,
    "wagtailusers_groups:index_results": NOT_OBJECT,
    "wagtailusers_groups:add": NOT_OBJECT,
    "wagtailusers_groups:edit": fills(Fill({"pk": "group_a"})),
    "wagtailusers_groups:delete": fills(Fill({"pk": "group_a"})),
    "wagtailusers_groups:history": fills(Fill({"pk": "group_a"})),
    "wagtailusers_groups:history_results": fills(Fill({"pk": "group_a"})),
    "wagtailusers_groups:usage": fills(Fill({"pk": "group_a"})),
    "wagtailadmin_sprite": SKIP,
    "wagtailadmin_login": SKIP,
    "wagtailadmin_password_reset": SKIP,
    "/admin/password_reset/": SKIP,
    "wagtailadmin_password_reset_done": SKIP,
    "wagtailadmin_password_reset_confirm": SKIP,
    "wagtailadmin_password_reset_complete": SKIP,
    "wagtailadmin_javascript_catalog": SKIP,
    "/admin/^.*/$": SKIP,
    # the idea bank's moderation (issue 17): club A's waiting entry, and the Board's sectors
    "wagtailsnippets_training_certificatetemplate:revisions_view": fills(
        Fill({"pk": "certificate_template", "revision_id": "certificate_template_revision"})
    ),
    "wagtailsnippets_training_certificatetemplate:revisions_revert": fills(
        Fill({"pk": "certificate_template", "revision_id": "certificate_template_revision"})
    ),
    "wagtailsnippets_training_certificatetemplate:revisions_unschedule": fills(
        Fill({"pk": "certificate_template", "revision_id": "certificate_template_revision"})
    ),
    "wagtailsnippets_training_certificatetemplate:revisions_compare": fills(
        Fill({"pk": "certificate_template", "revision_id_a": "=earliest", "revision_id_b": "=latest"})
    ),
    "ideas_entries:index": fills(Fill(), Fill(query={"q": "=QZXYTUONG"})),
    "ideas_entries:index_results": fills(Fill(), Fill(query={"q": "=QZXYTUONG"})),
    "ideas_entries:inspect": fills(Fill({"pk": "idea"})),
    "ideas_entries:publish": fills(Fill({"pk": "idea"})),
    "ideas_entries:return": fills(Fill({"pk": "idea"})),
    "ideas_mentors:index": fills(Fill(), Fill(query={"q": "=QZXCHUYENGIA"})),
    "ideas_mentors:index_results": fills(Fill(), Fill(query={"q": "=QZXCHUYENGIA"})),
    "ideas_mentors:inspect": fills(Fill({"pk": "mentor"})),
    "ideas_mentors:admit": fills(Fill({"pk": "mentor"})),
    "ideas_mentors:decline": fills(Fill({"pk": "mentor"})),
    "ideas_mentors:remove": fills(Fill({"pk": "mentor"})),
    "ideas_mentoring_requests:index": fills(Fill(), Fill(query={"q": "=QZXDENGHI"})),
    "ideas_mentoring_requests:index_results": fills(Fill(), Fill(query={"q": "=QZXDENGHI"})),
    "ideas_mentoring_requests:inspect": fills(Fill({"pk": "mentoring_request"})),
    "ideas_mentoring_requests:accept": fills(Fill({"pk": "mentoring_request"})),
    "ideas_mentoring_requests:decline": fills(Fill({"pk": "mentoring_request"})),
    "ideas_competitions:index": fills(Fill(), Fill(query={"q": "=QZXCUOCTHI"})),
    "ideas_competitions:index_results": fills(Fill(), Fill(query={"q": "=QZXCUOCTHI"})),
    "ideas_competitions:add": NOT_OBJECT,
    "ideas_competitions:edit": fills(Fill({"pk": "competition"})),
    "ideas_competitions:delete": fills(Fill({"pk": "competition"})),
    "ideas_competitions:history": fills(Fill({"pk": "competition"})),
    "ideas_competitions:history_results": fills(Fill({"pk": "competition"})),
    "ideas_competitions:usage": fills(Fill({"pk": "competition"})),
    "ideas_competitions:inspect": fills(Fill({"pk": "competition"})),
    "ideas_competitions:prepare": fills(Fill({"pk": "competition_entry"})),
    "ideas_competitions:release": fills(Fill({"pk": "competition"})),
    "ideas_sectors:index": fills(Fill(), Fill(query={"q": "=QZX"})),
    "ideas_sectors:index_results": fills(Fill(), Fill(query={"q": "=QZX"})),
    "ideas_sectors:add": NOT_OBJECT,
    "ideas_sectors:edit": fills(Fill({"pk": "sector"})),
    "ideas_sectors:delete": fills(Fill({"pk": "sector"})),
    "ideas_sectors:history": fills(Fill({"pk": "sector"})),
    "ideas_sectors:history_results": fills(Fill({"pk": "sector"})),
    "ideas_sectors:usage": fills(Fill({"pk": "sector"})),
    # The listing filters' suggestions (portal.inputs.suggest): "qzx" would find every planted secret
    "portal_suggest": fills(*(
        Fill({"name": f"={name}"}, {"q": "=QZX"})
        for name in (
            "registration-events", "missing-report-tours", "missing-report-agencies", "enrolment-cohorts",
            "nomination-agencies", "nomination-sectors", "mentoring-request-mentors", "no-such-source",
        )
    )),
}

# Snippet models -> (the fixture attribute of the object planted for club A, the marker its search should find).
SNIPPETS = {
    "portal.agency": ("agency", "QZX"),
    "portal.agencykind": ("agency_kind", "QZX"),
    "portal.administrativeunit": ("unit", "QZX"),
    "clubs.clubkind": ("club_kind", "QZX"),
    "training.course": ("course", "QZX"),
    "training.cohort": ("cohort", "QZX"),
    "training.enrolment": ("enrolment", "QZXUNGVIEN"),
    "training.trainerprofile": ("trainer", "QZXUNGVIEN"),
    "training.practicumdelivery": ("delivery", "QZXTHUCHANH"),
    "training.certificate": ("certificate", "QZXUNGVIEN"),
    "training.nomination": ("nomination", "QZXUNGVIEN"),
    "training.nominationround": ("round", "QZX"),
    "training.boarddecision": ("decision", "QZX"),
    "events.registration": ("registration", "QZXDANGKY"),
    "events.delegate": ("delegate", "QZXTHANHVIEN"),
    "events.studytourreport": ("report", "QZXBAOCAO"),
    "events.eventkind": ("event_kind", "QZX"),
    "reporting.reportingperiod": ("period", "QZX"),
    "reporting.report": ("period_report", "QZXBAOCAODINHKY"),
    "training.certificatetemplate": ("certificate_template", "QZX"),  # the Board's designer; no club's secret
}
# Snippet screens: action -> whether it takes the object's pk, and whether it is searched.
SNIPPET_ACTIONS = {
    "list": "search",
    "list_results": "search",
    "add": "plain",
    "edit": "object",
    "delete": "object",
    "usage": "object",
    "history": "object",
    "history_results": "object",
    "copy": "object",
    "inspect": "object",
    # the Board's own nomination and round screens
    "decide": "object",
    "scoring": "search",
    "score": "object",
    "recuse": "object",
    "release": "object",
    # the Board's reporting screens
    "progress": "object",
    "compile": "object",
    "dispatch": "object",
    "return": "object",
    "open_self_report": "plain",
    # snippets with drafts and revisions (the certificate designer)
    "preview_on_add": "plain",
    "preview_on_edit": "object",
    "unpublish": "object",
}
CHOOSER_ACTIONS = {
    "choose": "search",
    "choose_results": "search",
    "chosen": "object",
    "chosen_multiple": "ids",
    "create": "plain",
}
SNIPPET_NAME = re.compile(r"^wagtailsnippets_(?P<app>[a-z0-9]+)_(?P<model>[a-z0-9]+):(?P<action>\w+)$")
CHOOSER_NAME = re.compile(r"^wagtailsnippetchoosers_(?P<app>[a-z0-9]+)_(?P<model>[a-z0-9]+):(?P<action>\w+)$")


def admin_patterns(patterns=None, prefix="", namespace=""):
    """(name or route, route) of every URL pattern, namespaces joined as reverse() wants them."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from admin_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith("admin/"):
                yield (f"{namespace}{pattern.name}" if pattern.name else f"/{route}"), route


def classify(name):
    """The fills of one pattern, or None when nothing says how to run it."""
    if match := SNIPPET_NAME.match(name) or CHOOSER_NAME.match(name):
        actions = SNIPPET_ACTIONS if name.startswith("wagtailsnippets_") else CHOOSER_ACTIONS
        model = f"{match['app']}.{match['model']}"
        kind = actions.get(match["action"])
        if kind is None or model not in SNIPPETS:
            return ROUTES.get(name)  # a screen with more than the pk to fill (a snippet's revisions)
        attribute, marker = SNIPPETS[model]
        if kind == "search":
            return fills(Fill(), Fill(query={"q": f"={marker}"}))
        if kind == "plain":
            return NOT_OBJECT
        if kind == "ids":
            return fills(Fill(query={"id": attribute}))
        return fills(Fill({"pk": attribute}))
    return ROUTES.get(name)


def bulk_action_urls(fx):
    """Every registered bulk action's confirmation page, with ?id= of club A's object of that model."""
    by_model = {
        "wagtailcore.page": ("draft", "revised"),
        "wagtailimages.image": ("image",),
        "wagtaildocs.document": ("document",),
        "portal.user": ("trainee_user",),
    }
    by_model.update({model: (attribute,) for model, (attribute, _marker) in SNIPPETS.items()})
    urls = []
    bulk_action_registry._scan_for_bulk_actions()  # the registry fills itself on first use only
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            attributes = by_model.get(f"{app_label}.{model_name}")
            assert attributes, f"bulk actions of {app_label}.{model_name} are not in the matrix"
            for action in actions:
                url = reverse("wagtail_bulk_action", args=(app_label, model_name, action))
                ids = [getattr(fx, attribute) for attribute in attributes]
                urls.append((url, {"id": ids, "next": "/admin/"}))
    assert any("/wagtailcore/page/move/" in url for url, _query in urls), "the page bulk actions are not in the matrix"
    return urls


# Club A's secrets ------------------------------------------------------------------------------------------------


@pytest.fixture
def secrets(site_tree, home):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query
    from wagtail.images import get_image_model
    from wagtail.models import Site, UploadedFile

    directory, _news_index = site_tree
    board = board_user()
    club_a = make_club(directory, title="CLB Khởi nghiệp Tam Kỳ")
    club_b = make_club(directory, title="CLB Khởi nghiệp Hội An")
    editor_a = club_editor(club_a)
    editor_b = club_editor(club_b)
    draft = make_news(club_a, title=DRAFT_TITLE, publish=False)
    NewsPage.objects.filter(pk=draft.pk).update(slug=DRAFT_SLUG)
    draft.refresh_from_db()
    draft.owner = editor_a
    draft.save_revision(user=editor_a)
    revised = make_news(club_a, title="Tin đã đăng của Tam Kỳ")
    revised.title = REVISION_TITLE
    revised.save_revision(user=editor_a)
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    workflow_state = workflow.start(revised, editor_a)
    twin_parent = make_club(directory, title="CLB có trang trùng địa chỉ")
    twin = make_news(twin_parent, title="Tin trùng địa chỉ")
    NewsPage.objects.filter(pk=twin.pk).update(slug=DRAFT_SLUG)
    own_news = make_news(club_b, title="Tin của Hội An")

    events = event_index(home)
    event = make_event(events, title=EVENT_TITLE, publish=False, club=club_a, organiser="club")
    live_event = make_event(events, title="Hội thảo của Tam Kỳ", club=club_a, organiser="club")
    registration = Registration.objects.create(
        event=live_event,
        full_name=REGISTRANT,
        email="qzxdangky@example.vn",
        phone="0905000111",
        consent_at=timezone.now(),
    )
    tour = make_event(events, title="Chuyến khảo sát Đà Nẵng", kind=study_tour_kind())
    delegate = Delegate.objects.create(event=tour, full_name=DELEGATE, email="qzxthanhvien@example.vn")
    report = StudyTourReport.objects.create(event=tour, delegate=delegate, lessons=LESSONS)

    cohort = CohortFactory()
    enrolment = completed_enrolment(cohort=cohort, board=board, full_name=NOMINEE)
    trainer = cohort_services.start_practicum(enrolment)
    delivery = PracticumDelivery.objects.create(
        trainer=trainer, date=timezone.localdate(), club=club_a, topic=PRACTICUM_TOPIC, participants=12
    )
    certificate = issued_certificate(enrolment=enrolment, board=board)
    bundle = cohort.bundles.create(requested_by=board)

    club_a.refresh_from_db()
    private_collection = club_a.collection  # club A's own: club B's editor must not see into it
    image = make_image(title=IMAGE_TITLE)
    image.collection = private_collection
    image.save()
    document = get_document_model().objects.create(
        title=DOCUMENT_TITLE, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="qzx.pdf"), collection=private_collection
    )
    uploaded_image = UploadedFile.objects.create(
        file=ContentFile(b"x", name="qzxanh.png"),
        uploaded_by_user=editor_a,
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
    )
    uploaded_document = UploadedFile.objects.create(
        file=ContentFile(b"x", name="qzxtailieu.pdf"),
        uploaded_by_user=editor_a,
        for_content_type=ContentType.objects.get_for_model(get_document_model()),
    )
    redirect = Redirect.objects.create(old_path="/qzx-cu", redirect_page=draft)
    search_query = Query.get("qzx bí mật")

    nomination = enrolment.nomination
    period, period_report = _period_report(club_a, editor_a)
    idea = _idea(club_a)
    competition, competition_entry = _competition(club_a)
    template = _certificate_template()
    return SimpleNamespace(
        editor=editor_b,
        club_a=club_a.pk,
        club_b=club_b.pk,
        directory=directory.pk,
        draft=draft.pk,
        draft_revision=draft.latest_revision.pk,
        revised=revised.pk,
        revised_revision=revised.latest_revision.pk,
        workflow=workflow.pk,
        workflow_state=workflow_state.pk,
        task_state=workflow_state.current_task_state.pk,
        task=workflow_state.current_task_state.task_id,
        twin_parent=twin_parent.pk,
        own_news=own_news.pk,
        event=event.pk,
        tour=tour.pk,
        registration=registration.pk,
        registrant_email=registration.email,
        delegate=delegate.pk,
        report=report.pk,
        cohort=cohort.pk,
        enrolment=enrolment.pk,
        trainer=trainer.pk,
        delivery=delivery.pk,
        certificate=certificate.pk,
        bundle=bundle.pk,
        nomination=nomination.pk,
        round=nomination.round_id,
        decision=nomination.decision_id or _decision(),
        trainee_user=enrolment.user_id,
        group_a=Group.objects.get(pk=club_a.editor_group_id).pk,
        private_collection=private_collection.pk,
        image=image.pk,
        document=document.pk,
        uploaded_image=uploaded_image.pk,
        uploaded_document=uploaded_document.pk,
        redirect=redirect.pk,
        search_query=search_query.pk,
        site=Site.objects.get(is_default_site=True).pk,
        agency=nomination.agency_id,
        agency_kind=nomination.agency.kind_id,
        unit=club_a.unit_id,
        club_kind=club_a.kind_id,
        course=cohort.course_id,
        event_kind=live_event.kind_id,
        period=period.pk,
        period_report=period_report.pk,
        idea=idea.pk,
        sector=idea.sector_id,
        certificate_template=template.pk,
        certificate_template_revision=template.latest_revision.pk,
        mentor=_mentor().pk,
        mentoring_request=_mentoring_request(idea).pk,
        competition=competition.pk,
        competition_entry=competition_entry.pk,
    )


def _certificate_template():
    """The Board's certificate template (the designer), with a revision: the data migration's, or made again where
    a transactional test emptied the database before this one."""
    from training.certificates.designs import CertificateTemplate

    template = CertificateTemplate.objects.order_by("pk").first() or CertificateTemplate.objects.create(
        name="Mẫu mặc định"
    )
    if template.latest_revision is None:
        template.save_revision()
    return template


def _idea(club_a):
    """Club A's waiting entry of the idea bank, with a contact and a team nobody outside club A may read."""
    from tests.factories.ideas import make_entry

    return make_entry(
        club=club_a, publish=False, title="Ý tưởng QZXYTUONGA", team="Nhóm QZXNHOMKIN", contact_name="Chị QZXLIENHE",
    )


def _competition(club_a):
    """An unpublished competition with an entry of club A's idea: only the Board reads either in the admin."""
    from ideas.competitions.models import CompetitionEntry
    from tests.factories.competitions import make_competition
    from tests.factories.ideas import make_entry

    competition = make_competition(title="Cuộc thi QZXCUOCTHI", description="Giới thiệu QZXGIOITHIEU")
    idea = make_entry(club=club_a, title="Dự thi QZXDUTHI")
    entry = CompetitionEntry.objects.create(
        competition=competition, idea=idea, route="owner", applicant=idea.owner, statement="Thuyết minh QZXTHUYETMINH"
    )
    return competition, entry


def _mentor():
    """An applicant to the mentor network, whose profile only the Board reads in the admin."""
    from tests.factories.mentoring import make_mentor

    return make_mentor(admit=False, display_name="Chuyên gia QZXCHUYENGIA", expertise="Chuyên môn QZXCHUYENMON")


def _mentoring_request(idea):
    """The idea's owner asks an admitted mentor: a message only the two of them, club A and the Board may read."""
    from ideas.mentoring import services
    from tests.factories.mentoring import make_mentor

    mentor = make_mentor(display_name="Cố vấn QZXCOVAN")
    return services.request_mentoring(idea.owner, mentor, "Nội dung QZXDENGHI", entry=idea)


def _period_report(club_a, editor_a):
    """Club A's submitted report, whose narrative is a secret from club B's editor."""
    from reporting.reporters import Reporter
    from tests.factories.reporting import file_report, file_self_report, make_period, open_self_report

    period = make_period(club_kinds=[club_a.kind], title="Kỳ báo cáo QZXKYBAOCAO")
    file_self_report(editor_a, open_self_report([club_a.kind]), club_a, plans="Kế hoạch QZXTUBAOCAO")
    return period, file_report(editor_a, period, reporter=Reporter(club=club_a), text="Nội dung QZXBAOCAODINHKY")


def _decision():
    from tests.factories.training import BoardDecisionFactory

    return BoardDecisionFactory().pk


# The matrix ------------------------------------------------------------------------------------------------------


def test_every_admin_pattern_is_classified():
    unclassified = sorted({name for name, _route in admin_patterns() if classify(name) is None})
    assert not unclassified, (
        "admin URL patterns the cross-club matrix does not know; add each to ROUTES (or SNIPPETS / "
        f"SNIPPET_ACTIONS) with how to fill its arguments: {unclassified}"
    )


def matrix_urls(fx):
    urls = []
    for name, _route in admin_patterns():
        if name == "wagtail_bulk_action":
            urls.extend(bulk_action_urls(fx))
            continue
        for item in classify(name) or ():
            kwargs, query = item.resolve(fx)
            if name.startswith("/"):
                continue
            urls.append((reverse(name, kwargs=kwargs) if kwargs else reverse(name), query))
    return urls


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_another_clubs_editor_reads_no_secret_anywhere_in_the_admin(client, secrets):
    client.force_login(secrets.editor)
    urls = matrix_urls(secrets)
    assert len(urls) > 450
    problems = []
    for url, query in urls:
        try:
            response = client.get(url, query)
            if response.status_code == 405:  # a POST-only screen: its POST must refuse as quietly
                response = client.post(url, query)
        except Exception as error:  # noqa: BLE001  (one failing screen must not hide the others)
            problems.append(f"{url} {query}: raised {error!r}")
            continue
        text = body_of(response)
        text += " ".join(str(message) for message in get_messages(response.wsgi_request))
        if response.status_code >= 500:
            problems.append(f"{url} {query}: {response.status_code}")
        if found := sorted(set(SECRET.findall(text))):
            problems.append(f"{url} {query}: {response.status_code} shows {found}")
    assert not problems, "\n".join(problems)
