"""The security headers on every kind of page, and the admin login's lockout."""

import pytest
from django.test import Client

from documents.models import Meeting

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def page_kinds():
    """One address of each kind of page: home, lists, records, search, errors."""
    meeting = Meeting.objects.exclude(number=None).select_related("committee").first()
    return {
        "home": "/",
        "announcement list": "/announcements/",
        "announcement": "/announcements/000_77bb8d32fb59adcb/",
        "strategy list": "/strategies/",
        "meeting": meeting.get_absolute_url(),
        "ministry": "/ministries/msit/",
        "year": "/years/2024/",
        "search": "/search/?q=양자",
        "search refused": "/search/?year=99999",
        "not found": "/announcements/%00/",
        "admin login": "/admin/login/",
    }


def security_headers(response):
    names = [
        "Content-Security-Policy", "Permissions-Policy", "Referrer-Policy",
        "X-Content-Type-Options", "X-Frame-Options", "Cross-Origin-Opener-Policy",
    ]  # fmt: skip
    found = {name: response.headers.get(name) for name in names}
    # django-csp writes the directives in no fixed order.
    found["Content-Security-Policy"] = directives(found["Content-Security-Policy"] or "")
    return found


def directives(policy):
    return sorted(part.strip() for part in policy.split(";") if part.strip())


EXPECTED = {
    "Content-Security-Policy": directives(CSP),
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def test_every_kind_of_page_sends_the_security_headers(site):
    client = Client()
    for kind, url in page_kinds().items():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), kind
        assert "PolicyBase" in response.content.decode() or kind == "admin login", kind
        assert security_headers(response) == EXPECTED, kind


def test_a_page_from_the_cache_sends_the_security_headers_too(site):
    client = Client()
    assert client.get("/strategies/")["X-Page-Cache"] == "miss"
    cached = client.get("/strategies/")
    assert cached["X-Page-Cache"] == "hit"
    assert security_headers(cached) == EXPECTED


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.com", "right-pw-1")


def log_in(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "editor", "password": password})


def test_admin_login_locks_out_after_five_wrong_passwords(admin_user):
    client = Client()
    for _ in range(4):
        assert "<title>오류: 로그인" in log_in(client, "wrong").content.decode()  # the form again
    locked = log_in(client, "wrong")
    assert locked.status_code == 429
    assert "too many" in locked.content.decode().lower()
    right = log_in(client, "right-pw-1")  # the right password, too late
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_admin_login_succeeds_after_fewer_failures_and_resets_them(admin_user):
    client = Client()
    for _ in range(4):
        log_in(client, "wrong")
    assert log_in(client, "right-pw-1")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.logout()
    for _ in range(4):  # the count started again after the success
        log_in(client, "wrong")
    assert log_in(client, "right-pw-1")["Location"] == "/admin/"
