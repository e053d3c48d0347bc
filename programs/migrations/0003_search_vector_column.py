"""On PostgreSQL, keep each entry's tsvector stored (computed once, when the row is
written) and index that, so matching never recomputes to_tsvector over large token lists.
The column is the database's own: Django neither reads nor writes it."""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS search_entry_tokens_gin",
    "ALTER TABLE programs_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON programs_searchentry USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE programs_searchentry DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX IF NOT EXISTS search_entry_tokens_gin "
    "ON programs_searchentry USING gin (to_tsvector('simple', tokens))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_search_gin_index")]
    operations = [migrations.RunPython(forward, backward)]
