from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from documents import converters  # noqa: F401 (registers the path converters)

from . import api, downloads, feeds, language, views
from .sitemaps import SITEMAPS

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
for prefix, viewset in [
    ("announcements", api.AnnouncementViewSet),
    ("ministries", api.MinistryViewSet),
    ("bodies", api.CommitteeViewSet),
    ("meetings", api.MeetingViewSet),
    ("strategies", api.StrategyViewSet),
    ("programs", api.ProgramViewSet),
    ("centers", api.CenterViewSet),
    ("people", api.PersonViewSet),
]:
    router.register(prefix, viewset, basename=f"api-{prefix}")

# Data out (docs/data-out.md): feeds, the API, the sitemap, robots.txt, the bulk dump.
data_out = [
    path("feeds/announcements/", feeds.LatestAnnouncements(), name="feed-announcements"),
    path("feeds/ministries/<slug:slug>/", feeds.MinistryAnnouncements(), name="feed-ministry"),
    path("feeds/strategies/<key:slug>/", feeds.StrategyNews(), name="feed-strategy"),
    path("feeds/bodies/<key:slug>/", feeds.BodyMeetings(), name="feed-body"),
    path("feeds/search/", feeds.search_feed, name="feed-search"),
    path("api/search/", api.SearchView.as_view(), name="api-search"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(router.urls)),
    # The index is cheap (a count per kind); each section's page is cached for an hour.
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        cache_page(3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", downloads.robots_txt, name="robots-txt"),
    path("data/latest.jsonl.gz", downloads.latest_jsonl, name="dump-latest"),
]

# The pages that show both layers; each app's own pages come from its urls. Every page has
# a Korean address and an English one under /en/ (policybase/language.py).
urlpatterns = [
    path("admin/", admin.site.urls),
    *data_out,
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
