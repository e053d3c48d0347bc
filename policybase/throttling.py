"""The API's rate limit for anonymous clients (a module of its own: the REST framework
imports it from the settings while it loads)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """AnonRateThrottle at the rate the settings name now (API_ANON_RATE), counted per
    client address in the default cache."""

    def get_rate(self):
        return settings.API_ANON_RATE
