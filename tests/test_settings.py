"""The production configuration: `check --deploy` clean with the environment that
docs/deployment.md gives, errors logged with their traceback, a cache that holds pages."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from documents.models import Announcement, Committee, Meeting, Ministry, Person
from policybase.settings import cache_settings
from programs.models import Center, Program, Strategy

# The production environment of docs/deployment.md, behind a TLS proxy.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Jd9-vQ0s8Zr2mXyW4pL7tN1bH6cF5gA0eR9uI8oP3qS2dV7wE4zT1xC6nM5lKj",
    "ALLOWED_HOSTS": "policybase.example",
    "HTTPS": "1",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_python(code, **environment):
    """Run ``code`` in a fresh interpreter in the project with ``environment`` set; return
    the completed process (stdout and stderr as text)."""
    # Not this process's own: the browser tests allow sync database calls beside their
    # event loop, which check --deploy rightly refuses in a deployment.
    own = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in own}
    env.update(DJANGO_SETTINGS_MODULE="policybase.settings", **environment)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args, **environment):
    code = f"from django.core.management import execute_from_command_line as run; run({args!r})"
    return run_python(code, **environment)


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = manage("manage.py", "check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNINGS" not in result.stderr


def test_check_deploy_names_what_is_missing_without_https():
    environment = {**PRODUCTION, "HTTPS": "0"}
    del environment["SECURE_PROXY_SSL_HEADER"]
    output = manage("manage.py", "check", "--deploy", **environment).stderr
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in output


def boom(request):
    raise RuntimeError("forced failure for the log test")


def fine(request):
    return HttpResponse("fine")


urlpatterns = [path("boom/", boom), path("fine/", fine)]


def test_a_server_error_is_logged_with_its_traceback_to_stderr():
    code = """
        import django
        django.setup()
        from django.test import Client, override_settings
        with override_settings(ROOT_URLCONF="tests.test_settings", ALLOWED_HOSTS=["testserver"]):
            client = Client(raise_request_exception=False)
            print(client.get("/fine/").status_code, client.get("/boom/").status_code)
    """
    environment = {**PRODUCTION, "HTTPS": "0", "CACHE_URL": "locmem://"}
    result = run_python(code, **environment)
    assert result.stdout.split() == ["200", "500"], result.stderr
    log = result.stderr
    assert "ERROR django.request: Internal Server Error: /boom/" in log
    assert "Traceback (most recent call last):" in log
    assert "RuntimeError: forced failure for the log test" in log
    assert "/fine/" not in log


def test_admins_from_the_environment_receive_errors_by_mail():
    code = """
        import django
        django.setup()
        from django.conf import settings
        print(settings.ADMINS, settings.LOGGING["loggers"]["django"]["handlers"])
    """
    environment = {"ADMINS": "Kim Admin <kim@example.com>, ops@example.com"}
    result = run_python(code, **environment)
    assert result.stdout.strip() == (
        "[('Kim Admin', 'kim@example.com'), ('', 'ops@example.com')] ['mail_admins']"
    )


def test_server_refuses_to_start_without_collected_static_files(tmp_path):
    code = "import policybase.wsgi"
    environment = {**PRODUCTION, "STATIC_ROOT": str(tmp_path / "static")}
    refused = run_python(code, **environment)
    assert refused.returncode == 1
    assert "No staticfiles.json in STATIC_ROOT" in refused.stderr
    assert "python manage.py collectstatic --noinput" in refused.stderr
    assert manage("manage.py", "collectstatic", "--noinput", "-v0", **environment).returncode == 0
    started = run_python(code, **environment)
    assert started.returncode == 0, started.stderr


def test_default_cache_is_shared_files_in_production_and_sized_for_the_archive():
    production = cache_settings("", debug=False)
    assert production["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert production["LOCATION"] == str(settings.BASE_DIR / ".cache" / "django")
    assert production["OPTIONS"]["MAX_ENTRIES"] == 20_000
    development = cache_settings("", debug=True)
    assert development["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert development["OPTIONS"]["MAX_ENTRIES"] == 20_000
    assert cache_settings("redis://cache:6379/0", debug=False)["LOCATION"] == (
        "redis://cache:6379/0"
    )
    with pytest.raises(Exception, match="unknown scheme"):
        cache_settings("memcached://x", debug=False)


def distinct_pages(total):
    """``total`` distinct addresses of the site: every record's page, then list pages."""
    records = [
        *Announcement.objects.all(), *Ministry.objects.all(), *Committee.objects.all(),
        *Meeting.objects.exclude(number=None).select_related("committee"),
        *Person.objects.all(), *Strategy.objects.all(), *Program.objects.all(),
        *Center.objects.all(),
    ]  # fmt: skip
    pages = [record.get_absolute_url() for record in records]
    pages += [f"/search/?ministry={ministry.slug}" for ministry in Ministry.objects.all()]
    lists = ["announcement-list", "strategy-list", "program-list", "center-list", "person-list"]
    number = 1
    while len(pages) < total:
        pages += [f"{reverse(name)}?page={number}" for name in lists]
        number += 1
    return pages[:total]


def test_production_cache_serves_a_second_pass_over_1000_pages(site, tmp_path):
    caches = {"default": {**cache_settings(f"file://{tmp_path}", debug=False)}}
    pages = distinct_pages(1000)
    assert len(set(pages)) == 1000
    with override_settings(CACHES=caches):
        cache.clear()
        client = Client()
        first = [client.get(page)["X-Page-Cache"] for page in pages]
        second = [client.get(page) for page in pages]
    assert first.count("miss") == 1000
    assert [response["X-Page-Cache"] for response in second].count("hit") == 1000
    assert all(b"PolicyBase" in response.content for response in second)
