"""The <link rel="alternate"> tags naming a page's data in other formats and its feed."""

from django import template

register = template.Library()


def format_url(request, data_format, whole=False):
    """This page's address in ``data_format``, with its filters (and its page, unless
    ``whole``: CSV holds every row, and a feed the newest)."""
    params = request.GET.copy()
    params.pop("format", None)
    if whole:
        params.pop("page", None)
    if data_format:
        params["format"] = data_format
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


@register.inclusion_tag("includes/alternates.html", takes_context=True)
def alternates(context, feed=None, json=True, csv=False, search_feed=False):
    """Links to this page as JSON (and CSV), and to ``feed`` (``search_feed``: the feed of
    this search, with the same parameters)."""
    request = context["request"]
    if search_feed:
        feed = f"{feed}?{request.GET.urlencode()}" if request.GET else feed
    return {
        "feed": feed,
        "json": format_url(request, "json") if json else None,
        "csv": format_url(request, "csv", whole=True) if csv else None,
    }
