"""The events app's front-end URLs, namespace "events". The site's top (portal.web.urls) mounts `urlpatterns` at the
root and `personal_urlpatterns` under the personal area /ca-nhan/; the old /events/... addresses redirect
(portal.web.old_urls)."""

from django.urls import path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)

from . import certificate_views, views

app_name = "events"
urlpatterns = [
    path("lich/", views.subscribe, name="subscribe"),
    path("su-kien-goi-y/cau-lac-bo/", views.club_suggest, name="club_suggest"),
    path("lich/tat-ca.ics", views.all_events_feed, name="feed"),
    path("lich/loai/<slug:slug>.ics", views.kind_feed, name="kind_feed"),
    path("lich/clb/<id:club_id>.ics", views.club_feed, name="club_feed"),
    path("lich/ca-nhan/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("lich/su-kien/<uuid:uid>.ics", views.event_download, name="event_ics"),
    path("dang-ky/<str:token>/", views.registration_detail, name="registration"),
    path("dang-ky/<str:token>/huy/", views.cancel_registration, name="cancel_registration"),
    path("theo-doi/<id:club_id>/", views.toggle_follow, name="toggle_follow"),
    path("doan-cong-tac/", views.agency_delegations, name="agency_delegations"),
    path("doan-cong-tac/<id:event_id>/", views.nominate_delegate, name="nominate_delegate"),
]

# Under /ca-nhan/: a person's registrations, attendance certificates, calendar feed and followed clubs.
personal_urlpatterns = [
    path("su-kien/", views.my_registrations, name="mine"),
    path("giay-chung-nhan/tham-du/<id:pk>.pdf", certificate_views.certificate_pdf, name="certificate_pdf"),
    path(
        "giay-chung-nhan/tham-du/<id:pk>.json", certificate_views.certificate_credential, name="certificate_credential"
    ),
    path("lich/", views.my_calendar, name="my_calendar"),
    path("lich/doi-duong-dan/", views.reset_calendar, name="reset_calendar"),
    path("cau-lac-bo/", views.followed_clubs, name="followed_clubs"),
]
