"""Each dated search entry gets date marks among its tokens (search.date_marks: "@2021"
and "@2021-03"), and the GIN index holds the tokens alone again, without the date
(migration 0007). Years and date windows are asked for by their marks, which the GIN
index answers with the words: as a range of dates in the index, each bound of the range
was scanned on its own, from the bound to the end of the index.

On PostgreSQL the marks are added in SQL, with the index dropped meanwhile, and then the
table is vacuumed: every row was rewritten, and until the old versions are cleared every
read through another index visits them (a date looked up in the dates' index of 100,000
entries took 1.6 s instead of 1 ms). VACUUM runs outside a transaction, so this migration
is not atomic; its first step is, and each step can be run again. Elsewhere (SQLite,
development) each entry's token text is rewritten.

Where the table is large, this takes a while: 7.5 minutes at 100,000 announcements, on
a machine busy with other work."""

from django.db import migrations

OLD_INDEX = "search_entry_tokens_date_gin"
NEW_INDEX = "search_entry_tokens_gin"
MARKS = (
    "ARRAY['@' || extract(year FROM date)::int,"
    " '@' || extract(year FROM date)::int || '-' || to_char(date, 'MM')]"
)

FORWARD = [
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    f"UPDATE programs_searchentry SET tokens = tokens || array_to_tsvector({MARKS})"
    " WHERE date IS NOT NULL",
    f"CREATE INDEX IF NOT EXISTS {NEW_INDEX} ON programs_searchentry USING gin (tokens)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {NEW_INDEX}",
    f"UPDATE programs_searchentry SET tokens = ts_delete(tokens, {MARKS})"
    " WHERE date IS NOT NULL",
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON programs_searchentry USING gin (tokens, date)",
]


def _marks(day):
    # As search.date_marks gives them today; a migration keeps its own copy.
    return {f"@{day.year}", f"@{day.year}-{day.month:02}"}


def _rewrite_tokens(change):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # A large table's index builds in memory as far as this allows.
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for statement in FORWARD if change == "add" else BACKWARD:
                schema_editor.execute(statement)
            return
        SearchEntry = apps.get_model("programs", "SearchEntry")
        entries = SearchEntry.objects.using(connection.alias).exclude(date=None)
        for entry in entries.only("tokens", "date"):
            tokens, marks = set(entry.tokens.split()), _marks(entry.date)
            tokens = tokens | marks if change == "add" else tokens - marks
            entry.tokens = " " + " ".join(sorted(tokens)) + " " if tokens else " "
            entry.save(update_fields=["tokens"])

    return run


def _vacuum(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM ANALYZE programs_searchentry")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("programs", "0009_list_order_indexes")]

    operations = [
        migrations.RunPython(_rewrite_tokens("add"), _rewrite_tokens("remove"), atomic=True),
        migrations.RunPython(_vacuum, _vacuum),
    ]
