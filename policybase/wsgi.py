"""WSGI entry point for production servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policybase.settings")

application = get_wsgi_application()

from policybase.security import require_collected_static  # noqa: E402 (needs settings)

require_collected_static()
