"""On PostgreSQL, the tokens column itself becomes the tsvector the GIN index holds, in
place of a text column plus a generated tsvector of the same tokens: each entry's tokens
are stored once, which halves what a large load writes. Elsewhere nothing changes."""

from django.db import migrations

import programs.models

OLD_INDEX = "search_entry_vector_gin"
NEW_INDEX = "search_entry_tokens_gin"


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def _compress_with_lz4(apps, schema_editor):
    """lz4 where the server has it: faster to write than the default pglz."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if cursor.fetchone()[0]:
            cursor.execute("ALTER TABLE programs_searchentry ALTER COLUMN tokens SET COMPRESSION lz4")


FORWARD = [
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    "ALTER TABLE programs_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE programs_searchentry ALTER COLUMN tokens TYPE tsvector USING tokens::tsvector",
    f"CREATE INDEX IF NOT EXISTS {NEW_INDEX} ON programs_searchentry USING gin (tokens)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {NEW_INDEX}",
    # tsvector's text form ('ab' 'bc') reads back as the same lexemes.
    "ALTER TABLE programs_searchentry ALTER COLUMN tokens TYPE text USING tokens::text",
    "ALTER TABLE programs_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (tokens::tsvector) STORED",
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON programs_searchentry USING gin (search_vector)",
]


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_search_vector_from_tokens")]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The column type differs by engine (TokensField.db_type): SQLite keeps its
            # text column, PostgreSQL converts it here.
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="tokens",
                    field=programs.models.TokensField(verbose_name="검색 토큰"),
                ),
            ],
            database_operations=[
                migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
                migrations.RunPython(_compress_with_lz4, migrations.RunPython.noop),
            ],
        ),
    ]
