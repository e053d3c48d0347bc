"""The API's rate limit for anonymous clients and its pages (a module of their own: the
REST framework imports them from the settings while it loads)."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle


class Pages(PageNumberPagination):
    """The API's pages: ?page=N, ?page_size= up to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200


class AnonymousRateThrottle(AnonRateThrottle):
    """AnonRateThrottle at the rate the settings name now (API_ANON_RATE), counted per
    client address in the default cache."""

    def get_rate(self):
        return settings.API_ANON_RATE
