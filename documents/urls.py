from django.urls import path

from . import converters, views  # noqa: F401 (registers the path converters)

urlpatterns = [
    path("", views.home, name="home"),
    path("announcements/", views.announcement_list, name="announcement-list"),
    path("announcements/<key:key>/", views.announcement_detail, name="announcement-detail"),
    path("ministries/", views.ministry_list, name="ministry-list"),
    path("ministries/<slug:slug>/", views.ministry_detail, name="ministry-detail"),
    path("bodies/", views.committee_list, name="committee-list"),
    path("bodies/<key:slug>/", views.committee_detail, name="committee-detail"),
    path("bodies/<key:slug>/meetings/<meeting:part>/", views.meeting_detail, name="meeting-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<key:slug>/", views.person_detail, name="person-detail"),
    path("years/<year:year>/", views.year_detail, name="year-detail"),
]
