"""A GIN index over the search tokens, on PostgreSQL only (SQLite matches with LIKE)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS search_entry_tokens_gin "
    "ON programs_searchentry USING gin (to_tsvector('simple', tokens))"
)
DROP = "DROP INDEX IF EXISTS search_entry_tokens_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
