from django.urls import path

from documents import converters  # noqa: F401 (registers the path converters)

from . import views

urlpatterns = [
    path("strategies/", views.strategy_list, name="strategy-list"),
    path("strategies/<key:slug>/", views.strategy_detail, name="strategy-detail"),
    path("programs/", views.program_list, name="program-list"),
    path("programs/<key:slug>/", views.program_detail, name="program-detail"),
    path("centers/", views.center_list, name="center-list"),
    path("centers/<key:slug>/", views.center_detail, name="center-detail"),
    path("search/", views.search, name="search"),
]
