"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policybase.settings")

application = get_asgi_application()

from policybase.security import require_collected_static  # noqa: E402 (needs settings)

require_collected_static()
