"""Real headless Chromium (Debian's package) driven by Playwright, against the live site.

Skipped, with the reason, where Chromium or axe-core is missing; `make test` installs
axe-core from the npm registry and `.ci/run` installs the chromium package when missing.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# The flags this machine's closed network needs (no background traffic to Google).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# Playwright's sync API runs an event loop in this thread; the tests still touch the
# database only between browser calls, never concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_site(transactional_db, live_server):
    """The live server with every committed fixture loaded and the search index built."""
    from programs.indexing import rebuild

    fixtures = Path(settings.FIXTURES_DIR)
    call_command(
        "loaddata",
        fixtures / "ministries.json",
        fixtures / "committees.json",
        *sorted((fixtures / "policy").glob("*.json")),
        verbosity=0,
    )
    rebuild()
    return live_server.url


@pytest.fixture
def page(browser):
    """A page that records the site's Content-Security-Policy violations in
    ``csp_violations`` (an init script runs beside the page, not under its policy)."""
    context = browser.new_context(locale="ko-KR")
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e =>"
        " window.__csp.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    page = context.new_page()
    page.csp_console = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_console.append(message.text)
        ),
    )
    yield page
    context.close()


@pytest.fixture
def unguarded_page(browser):
    """A page whose scripts the site's policy does not stop: axe-core goes in as an inline
    script, which the policy (rightly) refuses."""
    context = browser.new_context(locale="ko-KR", bypass_csp=True)
    yield context.new_page()
    context.close()


def csp_violations(page):
    """The violations the page's policy reported, in the page and on the console."""
    return page.evaluate("window.__csp") + page.csp_console


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE}: run `make test` (npm install axe-core)")
    return AXE.read_text(encoding="utf-8")
