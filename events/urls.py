from django.urls import path

from portal.inputs import converters  # noqa: F401  (registers <id:...>)

from . import certificate_views, views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("lich/", views.subscribe, name="subscribe"),
    path("lich.ics", views.all_events_feed, name="feed"),
    path("lich/loai/<slug:slug>.ics", views.kind_feed, name="kind_feed"),
    path("lich/clb/<id:club_id>.ics", views.club_feed, name="club_feed"),
    path("lich/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("su-kien/<uuid:uid>.ics", views.event_download, name="event_ics"),
    path("dang-ky/<str:token>/", views.registration_detail, name="registration"),
    path("dang-ky/<str:token>/huy/", views.cancel_registration, name="cancel_registration"),
    path("cua-toi/", views.my_registrations, name="mine"),
    path("cua-toi/giay-chung-nhan/<id:pk>.pdf", certificate_views.certificate_pdf, name="certificate_pdf"),
    path("cua-toi/doi-duong-dan-lich/", views.reset_calendar, name="reset_calendar"),
    path("theo-doi/<id:club_id>/", views.toggle_follow, name="toggle_follow"),
    path("doan/", views.agency_delegations, name="agency_delegations"),
    path("doan/<id:event_id>/", views.nominate_delegate, name="nominate_delegate"),
]
