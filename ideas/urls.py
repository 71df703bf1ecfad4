"""The idea bank's front end (namespace "ideas"), mounted under /y-tuong/ by the site's top; the owner's list
under /ca-nhan/. The read-only API is ideas.api, mounted under /api/y-tuong/."""

from django.urls import path

from ideas import views
from ideas.competitions import views as competitions
from ideas.mentoring import views as mentoring
from ideas.teams import views as teams
from portal.inputs import converters  # noqa: F401  (registers <id:...>)

app_name = "ideas"
urlpatterns = [
    path("", views.showcase, name="showcase"),
    path("gui/", views.submit, name="submit"),
    path("<id:pk>/", views.entry_detail, name="entry"),
    path("<id:pk>/sua/", views.edit, name="edit"),
    path("<id:pk>/rut/", views.withdraw, name="withdraw"),
    path("cuoc-thi/", competitions.competitions, name="competitions"),
    path("cuoc-thi/<id:pk>/", competitions.competition_detail, name="competition"),
    path("cuoc-thi/<id:pk>/dang-ky/", competitions.enter, name="competition_enter"),
    path("chuyen-gia/", mentoring.network, name="network"),
    path("chuyen-gia/dang-ky/", mentoring.apply, name="mentor_apply"),
    path("chuyen-gia/<id:pk>/", mentoring.mentor, name="mentor"),
    path("chuyen-gia/<id:pk>/de-nghi/", mentoring.ask, name="mentor_ask"),
]
personal_urlpatterns = [
    path("y-tuong/", views.my_entries, name="my_entries"),
    path("y-tuong/<id:pk>/nhom/", teams.entry_team, name="entry_team"),
    path("y-tuong/nhom/<id:pk>/xoa/", teams.remove, name="team_remove"),
    path("nhom/", teams.my_teams, name="my_teams"),
    path("nhom/<id:pk>/nhan/", teams.accept, name="team_accept"),
    path("nhom/<id:pk>/tu-choi/", teams.decline, name="team_decline"),
    path("nhom/<id:pk>/roi-nhom/", teams.leave, name="team_leave"),
    path("cuoc-thi/", competitions.my_competitions, name="my_competitions"),
    path("cuoc-thi/<id:pk>/rut/", competitions.withdraw, name="competition_withdraw"),
    path("cuoc-thi/cham/<id:pk>/", competitions.scoring, name="competition_scoring"),
    path("cuoc-thi/cham/ho-so/<id:pk>/", competitions.score, name="competition_score"),
    path("cuoc-thi/cham/ho-so/<id:pk>/xung-dot/", competitions.recuse, name="competition_recuse"),
    path("co-van/", mentoring.my_mentoring, name="my_mentoring"),
    path("co-van/roi-mang-luoi/", mentoring.leave, name="mentor_leave"),
    path("co-van/<id:pk>/nhan/", mentoring.accept, name="mentoring_accept"),
    path("co-van/<id:pk>/tu-choi/", mentoring.decline, name="mentoring_decline"),
    path("co-van/<id:pk>/buoi/", mentoring.log_session, name="mentoring_session"),
]
