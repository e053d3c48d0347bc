from django import template

register = template.Library()

UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
SYMBOLS = {"KRW": "원", "USD": "달러", "EUR": "유로", "JPY": "엔", "CNY": "위안"}


@register.filter
def korean_amount(value, currency="KRW"):
    """80000000000 → "800억원", 1824700000000 → "1조 8,247억원": Korean units, as readers
    write sums."""
    if value is None:
        return ""
    parts, rest = [], int(value)
    for size, unit in UNITS:
        if rest >= size:
            parts.append(f"{rest // size:,}{unit}")
            rest %= size
    if rest or not parts:
        parts.append(f"{rest:,}")
    return " ".join(parts) + SYMBOLS.get(currency, f" {currency}")


@register.filter
def exact_amount(value, currency="KRW"):
    """80000000000 → "80,000,000,000원"."""
    return f"{int(value):,}{SYMBOLS.get(currency, ' ' + currency)}" if value is not None else ""


@register.filter
def day(value):
    """A date as 2024-06-27, the way every page writes dates; "" for none. (Django's date
    filter with "Y-m-d" gives the same at a hundred times the cost, looking up the
    language's formats on each call: a fifth of the time of a 30-row list.)"""
    return value.isoformat() if value else ""


@register.simple_tag(takes_context=True)
def page_url(context, number, param=""):
    """The query string of this page with ``param`` ("page" if none is given) set to
    ``number``: a list's page links keep the search state and the other lists' pages."""
    query = context["request"].GET.copy()
    query[param or "page"] = number
    return "?" + query.urlencode()
