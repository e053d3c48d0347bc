from django.urls import path

from . import converters, views  # noqa: F401 (registers the path converters)

urlpatterns = [
    path("announcements/", views.announcement_list, name="announcement-list"),
    path("ministries/", views.ministry_list, name="ministry-list"),
    path("bodies/", views.committee_list, name="committee-list"),
    path("bodies/<key:slug>/", views.committee_detail, name="committee-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<key:slug>/", views.person_detail, name="person-detail"),
]
