from django.contrib import admin
from django.urls import include, path

from documents import converters  # noqa: F401 (registers the path converters)

from . import views

# The pages that show both layers; each app's own pages come from its urls.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("announcements/<key:key>/", views.announcement_detail, name="announcement-detail"),
    path("ministries/<slug:slug>/", views.ministry_detail, name="ministry-detail"),
    path("bodies/<key:slug>/meetings/<meeting:part>/", views.meeting_detail, name="meeting-detail"),
    path("years/<year:year>/", views.year_detail, name="year-detail"),
    path("", include("documents.urls")),
    path("", include("programs.urls")),
]
