"""The idea bank's front end (namespace "ideas"), mounted under /y-tuong/ by the site's top; the owner's list
under /ca-nhan/. The read-only API is ideas.api, mounted under /api/y-tuong/."""

from django.urls import path

from ideas import views
from portal.inputs import converters  # noqa: F401  (registers <id:...>)

app_name = "ideas"
urlpatterns = [
    path("", views.showcase, name="showcase"),
    path("gui/", views.submit, name="submit"),
    path("<id:pk>/", views.entry_detail, name="entry"),
    path("<id:pk>/sua/", views.edit, name="edit"),
    path("<id:pk>/rut/", views.withdraw, name="withdraw"),
]
personal_urlpatterns = [
    path("y-tuong/", views.my_entries, name="my_entries"),
]
