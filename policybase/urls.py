from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from documents import converters  # noqa: F401 (registers the path converters)

from . import language, views

# The pages that show both layers; each app's own pages come from its urls. Every page has
# a Korean address and an English one under /en/ (policybase/language.py).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("language/<str:code>/", language.switch_language, name="switch-language"),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("announcements/<key:key>/", views.announcement_detail, name="announcement-detail"),
        path("ministries/<slug:slug>/", views.ministry_detail, name="ministry-detail"),
        path(
            "bodies/<key:slug>/meetings/<meeting:part>/",
            views.meeting_detail,
            name="meeting-detail",
        ),
        path("years/<year:year>/", views.year_detail, name="year-detail"),
        path("", include("documents.urls")),
        path("", include("programs.urls")),
        prefix_default_language=False,
    ),
]
