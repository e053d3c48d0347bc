"""On PostgreSQL, read each entry's stored tsvector straight from its tokens (``tokens::
tsvector``) instead of running them through a text-search parser: the tokens already are
the lexemes (search.tokens_of), and the cast costs half as much when a large corpus is
loaded. Queries then name the lexemes exactly (``::tsquery``). Where the server has lz4,
the two large columns are compressed with it, which is faster to write than pglz."""

from django.db import migrations

GIN = "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON programs_searchentry USING gin (search_vector)"
FORWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE programs_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE programs_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (tokens::tsvector) STORED",
    GIN,
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE programs_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE programs_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    GIN,
]
LZ4 = [
    "ALTER TABLE programs_searchentry ALTER COLUMN tokens SET COMPRESSION lz4",
    "ALTER TABLE programs_searchentry ALTER COLUMN search_vector SET COMPRESSION lz4",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        has_lz4 = cursor.fetchone()[0]
    if has_lz4:
        for statement in LZ4:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_search_vector_column")]
    operations = [migrations.RunPython(forward, backward)]
