"""robots.txt naming the sitemap, and the download of the latest bulk dump."""

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse

from programs.dump import latest_dump


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",  # endless combinations of filters; the sitemap lists every record
        "Disallow: /api/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def latest_jsonl(request):
    """The latest dump written by ``manage.py dump_jsonl``; 404 until there is one."""
    path = latest_dump()
    if path is None:
        raise Http404("No dump has been written yet (manage.py dump_jsonl).")
    response = FileResponse(path.open("rb"), content_type="application/gzip")
    response["Content-Disposition"] = 'attachment; filename="policybase.jsonl.gz"'
    return response
