"""Bar charts drawn on the server as inline SVG (no script: the site's policy allows none),
each shown with the table of its figures (templates/includes/chart.html).

A chart is a list of rows, each a label and one figure per series (a count, or a sum with
the text to write beside its bar); the geometry is worked out here, the markup in the
template."""

from dataclasses import dataclass, field

LABEL_WIDTH = 190  # room for a ministry's name at the site's font size
BAR_SPACE = 400
ROW_HEIGHT = 22
BAR_HEIGHT = 16
WIDTH = LABEL_WIDTH + BAR_SPACE + 110


@dataclass
class Bar:
    value: int
    text: str
    x: int = LABEL_WIDTH
    y: int = 0
    width: int = 0
    series: int = 0


@dataclass
class Row:
    label: str
    bars: list
    y: int = 0
    href: str = ""
    lang: str = ""  # "ko" for a Korean name on an English page


@dataclass
class Chart:
    rows: list
    series: list  # the name of each series, in the order of a row's bars
    height: int = 0
    width: int = WIDTH
    # (series, the label of its largest figure), for the chart's description
    top: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.rows)


def bar_chart(rows, series):
    """A Chart of ``rows``, each (label, [(value, text), ...] one per series, href or "",
    and optionally the label's language)."""
    largest = max((value for row in rows for value, _ in row[1]), default=0) or 1
    chart_rows, y = [], 0
    for label, figures, href, *lang in rows:
        bars = []
        for number, (value, text) in enumerate(figures):
            width = round(BAR_SPACE * value / largest)
            bars.append(
                Bar(value, text, y=y + 3, width=max(width, 1 if value else 0), series=number)
            )
            y += ROW_HEIGHT
        top_of_row = y - ROW_HEIGHT * len(figures) + 15
        chart_rows.append(Row(label, bars, y=top_of_row, href=href, lang="".join(lang)))
        y += 6 if len(figures) > 1 else 0
    top = [
        (name, max(rows, key=lambda row, n=number: row[1][n][0])[0])
        for number, name in enumerate(series)
        if rows
    ]
    return Chart(chart_rows, list(series), height=y + 4, top=top)
