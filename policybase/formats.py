"""The pages' data in other formats: ``?format=json`` and ``?format=csv`` on a list or search
page (its own filters and order), ``?format=json`` on a record's page.

A record's fields are defined once, by its serializer (documents/serializers.py,
programs/serializers.py), which the API (policybase/api.py) and the bulk dump use too.
JSON gives the page's rows with links to the next and previous pages; CSV streams every row
of the list, in the page's order, a chunk at a time, so exporting a million announcements
holds one chunk in memory. This module imports neither layer.
"""

import csv
import json
from functools import wraps
from itertools import islice

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse

FORMATS = ("html", "json", "csv")
# Rows read from the database (and serialized) at once when streaming CSV.
CSV_CHUNK = 2000
# A cell a spreadsheet would take for a formula (=HYPERLINK(...) in a release's title):
# written with a leading apostrophe, as OWASP advises against CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class BadFormat(ValueError):
    pass


def chosen(request, allowed=FORMATS):
    """The format ``?format=`` asks for ("html" when none); BadFormat for any other value."""
    value = request.GET.get("format", "html") or "html"
    if value not in allowed:
        raise BadFormat(f"format: choose one of {', '.join(allowed)} (not {value[:40]!r})")
    return value


def with_formats(view, allowed=FORMATS):
    """``?format=`` checked before the view runs: a bad value is a 400 with the reason."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        try:
            request.data_format = chosen(request, allowed)
        except BadFormat as error:
            return bad_format(error)
        return view(request, *args, **kwargs)

    return checked


def detail_formats(view):
    """with_formats for a record's page: HTML or JSON (its lists' CSV is on the list pages)."""
    return with_formats(view, allowed=("html", "json"))


def bad_format(error):
    return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")


def page_link(request, number):
    """The absolute URL of page ``number`` of this list, in the same format and filters."""
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def absolute_url(request, record):
    return request.build_absolute_uri(record.get_absolute_url())


def paging(request, page):
    """count, next, previous (absolute URLs or None) of a Django ``page``."""
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_link(request, page.previous_page_number())
        if page.has_previous()
        else None,
    }


def json_response(data, status=200):
    return JsonResponse(
        data,
        status=status,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def json_page(request, page, serializer, prefetch=(), rows=None, extra=None):
    """The rows of ``page`` (or ``rows``, the page's rows as shown), serialized, with the
    links to the neighbouring pages."""
    rows = list(page.object_list if rows is None else rows)
    if prefetch:
        prefetch_related_objects(rows, *prefetch)
    results = serializer(rows, many=True, context={"request": request}).data
    return json_response({**paging(request, page), **(extra or {}), "results": results})


def json_record(request, record, serializer, sections=None):
    """A record's page as JSON: its fields, and each of ``sections`` ({name: (page or
    rows, serializer)}), a page of rows with its own links."""
    data = dict(serializer(record, context={"request": request}).data)
    for name, (rows, section_serializer) in (sections or {}).items():
        items = section_serializer(list(rows), many=True, context={"request": request}).data
        data[name] = items
        if hasattr(rows, "paginator"):
            data[f"{name}_paging"] = section_paging(request, rows)
    return json_response(data)


def section_paging(request, page):
    """Paging of one section of a record's page (its own ``?<param>=``)."""
    param = getattr(page, "param", "page")
    params = request.GET.copy()

    def link(number):
        params[param] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": page.paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }


def csv_response(request, queryset, serializer, filename, prefetch=()):
    """Every row of ``queryset`` (in its order) as CSV, streamed: rows are read with a
    server-side cursor CSV_CHUNK at a time, each chunk serialized in one go, so memory
    holds one chunk whatever the number of rows."""
    rows = queryset.prefetch_related(*prefetch).iterator(chunk_size=CSV_CHUNK)
    return csv_stream(request, chunks(rows, CSV_CHUNK), serializer, filename)


def csv_stream(request, row_chunks, serializer, filename):
    """CSV of the rows in ``row_chunks`` (an iterable of lists of rows), streamed. The
    columns are the serializer's fields; a list is written as its items joined by "; "."""
    columns = list(serializer().fields)
    writer = csv.writer(Echo())

    def lines():
        yield "\ufeff"  # a byte-order mark, so that spreadsheets read the Korean as UTF-8
        yield writer.writerow(columns)
        for chunk in row_chunks:
            for record in serializer(chunk, many=True, context={"request": request}).data:
                yield writer.writerow([cell(record.get(column)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def cell(value):
    """A CSV cell: a linked record by its name (or URL), a list by its items joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        named = value.get("name") or value.get("title") or value.get("text") or value.get("url")
        return named or json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(cell(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # text, not a formula a spreadsheet would run
    return str(value)


class Echo:
    """A file-like object whose write returns what it was given (csv.writer into a stream)."""

    def write(self, value):
        return value
