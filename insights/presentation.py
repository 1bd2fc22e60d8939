"""What a protected table looks like on the page: its text summary and its bar chart.

Both are built from the table as shown (after disclosure control), never from raw figures, so
the summary and chart can say nothing the table does not.
"""

from dataclasses import dataclass

from insights.disclosure import SUPPRESSED, ShownTable


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    width: float  # percent of the chart's width, 0–100


def chart_column(table: ShownTable) -> int | None:
    if table.chart_column is None or not table.columns:
        return None
    index = table.chart_column % len(table.columns)
    numbers = [row.cells[index].number for row in table.rows if not row.is_total]
    if not any(isinstance(n, int | float) and n > 0 for n in numbers):
        return None
    return index


def bars(table: ShownTable) -> list[Bar]:
    """One bar per row (totals left out) for the chart column, scaled to the largest value."""
    index = chart_column(table)
    if index is None:
        return []
    rows = [row for row in table.rows if not row.is_total]
    largest = max((row.cells[index].number or 0) for row in rows)
    return [
        Bar(
            label=row.label,
            text=row.cells[index].text,
            width=round(100 * (row.cells[index].number or 0) / largest, 1),
        )
        for row in rows
    ]


def summary(table: ShownTable) -> str:
    """A sentence or two a screen-reader user (or a busy reader) can take in first."""
    rows = [row for row in table.rows if not row.is_total]
    if not rows:
        return "There is nothing to show for these filters."
    parts = []
    index = chart_column(table)
    if index is not None:
        column = table.columns[index]
        shown = [row for row in rows if row.cells[index].number is not None]
        highest = max(shown, key=lambda row: row.cells[index].number)
        parts.append(
            f"{column}: highest for {highest.label} ({highest.cells[index].text})"
            + (
                f", lowest for {min(shown, key=lambda r: r.cells[index].number).label} "
                f"({min(shown, key=lambda r: r.cells[index].number).cells[index].text})."
                if len(shown) > 1
                else "."
            )
        )
    total = next((row for row in table.rows if row.is_total), None)
    if total is not None and total.cells and total.cells[-1].text:
        parts.append(f"{total.label}: {total.cells[-1].text}.")
    hidden = sum(1 for row in table.rows for cell in row.cells if cell.text == SUPPRESSED)
    if hidden:
        parts.append(
            f"{hidden} figure{'s are' if hidden != 1 else ' is'} suppressed ({SUPPRESSED}) "
            "to protect small groups."
        )
    return " ".join(parts) or "No figures can be shown for these filters."
