import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from programs.releases import ingest_files, policy_fixture_json

BASE_FIXTURES = ("ministries.json", "committees.json")


class Command(BaseCommand):
    help = (
        "Regenerate fixtures/policy/releases.json from the source texts in fixtures/sources, "
        "in a scratch database (your own database is not touched)."
    )

    def handle(self, *args, **options):
        fixtures = settings.FIXTURES_DIR
        old_name = connection.settings_dict["NAME"]
        # A throwaway database of the same engine, as the test runner makes one.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            text = build_policy_fixture(fixtures)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        target = fixtures / "policy" / "releases.json"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {target}")


def build_policy_fixture(fixtures):
    """Load the curated fixtures, ingest every source text, return the policy fixture."""
    call_command("loaddata", *(str(fixtures / name) for name in BASE_FIXTURES), verbosity=0)
    failed = [r for r in ingest_files([fixtures / "sources"]) if r.error]
    if failed:
        raise CommandError("; ".join(f"{r.path}: {r.error}" for r in failed))
    base = json.loads((fixtures / "committees.json").read_text(encoding="utf-8"))
    return policy_fixture_json({obj["fields"]["slug"] for obj in base})
