"""Path converters that refuse what no record's address holds, so that such a URL is a 404
before a view or the database sees it (PostgreSQL refuses NUL in a query; a date such as
2024-02-30 is no date)."""

import datetime

from django.urls import register_converter


class KeyConverter:
    """An import key or a slug: no slash, no control character (NUL among them), at most
    300 characters (the longest address field holds 260)."""

    regex = r"[^/\x00-\x1f\x7f]{1,300}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class MeetingPartConverter:
    """A meeting's part of its address (Meeting.url_part): "2-1" (series, number), the ISO
    date of an unnumbered meeting, or "undated"; a date that does not exist is no match."""

    regex = r"[0-9]{1,9}-[0-9]{1,9}|[0-9]{4}-[0-9]{2}-[0-9]{2}|undated"

    def to_python(self, value):
        if len(value) == 10:
            datetime.date.fromisoformat(value)  # a ValueError makes the URL a 404
        return value

    def to_url(self, value):
        return value


class YearConverter:
    """A year of four digits, as an int."""

    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(KeyConverter, "key")
register_converter(MeetingPartConverter, "meeting")
register_converter(YearConverter, "year")
