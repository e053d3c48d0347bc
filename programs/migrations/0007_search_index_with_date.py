"""On PostgreSQL, the search index holds each entry's date beside its tokens, so a search
for the newest matches of a word (search.first_in_order) asks for "these tokens, dated on or
after D" and the index alone answers it: only the matches in that window are read from
the table and sorted, not every match of the word. Dates in a GIN index need the
btree_gin extension (in PostgreSQL's contrib, which Debian's server package includes).
Elsewhere nothing changes."""

from django.db import migrations

OLD_INDEX = "search_entry_tokens_gin"
NEW_INDEX = "search_entry_tokens_date_gin"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    f"CREATE INDEX IF NOT EXISTS {NEW_INDEX} ON programs_searchentry USING gin (tokens, date)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {NEW_INDEX}",
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON programs_searchentry USING gin (tokens)",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                # A large table's index builds in memory as far as this allows.
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("programs", "0006_strategy_order_index")]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
