"""Deployment safeguards: the Permissions-Policy header, and a server that refuses to start
without its collected static files."""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured


class PermissionsPolicyMiddleware:
    """Sets settings.PERMISSIONS_POLICY as the Permissions-Policy header of every response
    (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


def require_collected_static():
    """Raise ImproperlyConfigured, saying what to run, when DEBUG is off and the static
    files manifest is missing: every page would be a 500 (the stylesheet's hashed name is
    looked up in it)."""
    if settings.DEBUG or not hasattr(staticfiles_storage, "manifest_storage"):
        return
    name = staticfiles_storage.manifest_name
    if not staticfiles_storage.manifest_storage.exists(name):
        raise ImproperlyConfigured(
            f"No {name} in STATIC_ROOT ({settings.STATIC_ROOT}): with DEBUG off, run "
            "`python manage.py collectstatic --noinput` before starting the server "
            "(docs/deployment.md)."
        )
