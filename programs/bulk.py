"""Writing many rows of one table in one statement."""

from django.db import connections, router


def update_rows(model, records, fields):
    """Write ``fields`` of the stored ``records`` (all of ``model``) in one UPDATE, joined
    to a VALUES list: a statement a batch instead of one a record, where each round trip to
    PostgreSQL costs more than the row. (Django's bulk_update builds a CASE for each field
    and record, which cost PostgreSQL more than an UPDATE each.) Like bulk_update, it sends
    no signals: the caller notes what the rows make stale."""
    if not records:
        return
    database = router.db_for_write(model)
    connection = connections[database]
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    # PostgreSQL types the VALUES list from its first rows: a column of NULLs would be
    # text. SQLite needs no cast (and would make a date a number by one).
    casts = [
        f"CAST(%s AS {field.db_type(connection)})" if connection.vendor == "postgresql" else "%s"
        for field in columns
    ]
    row_sql = f"({', '.join(casts)})"
    quote = connection.ops.quote_name
    assignments = ", ".join(
        f"{quote(field.column)} = v.column{number}"
        for number, field in enumerate(columns[1:], start=2)
    )
    # Chunks far under PostgreSQL's 65,535 parameters and SQLite's 32,766.
    per_statement = max(1, 2000 // len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(records), per_statement):
            chunk = records[start : start + per_statement]
            params = [
                field.get_db_prep_save(getattr(record, field.attname), connection)
                for record in chunk
                for field in columns
            ]
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} SET {assignments} "
                f"FROM (VALUES {', '.join([row_sql] * len(chunk))}) AS v "
                f"WHERE {quote(meta.db_table)}.{quote(meta.pk.column)} = v.column1",
                params,
            )
