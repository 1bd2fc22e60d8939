"""Disclosure control: the one place that decides what an HEE analyst may see of a figure.

Every figure on an analyst's page or in a CSV passes through `protect_table`. The rules:

- a count of 1 to 7 is suppressed and shown as "[c]" (the Office for National Statistics'
  marker for a confidential cell); a count of 0 is shown as 0, because nobody can be
  identified in an empty group;
- every other count is rounded to the nearest 5;
- a percentage is shown only when it comes from a group of at least 8 and the count it describes
  is not one that would itself be suppressed (otherwise "15% of about 20" would give away a
  count of 3);
- a median or 90th percentile is shown only when it comes from at least 8 values;
- totals are summed from the unrounded counts, then rounded;
- secondary suppression: in any row or column that is published with its total, a single
  suppressed cell could be worked out by subtraction, so the next-smallest cell in that line
  is suppressed too, repeated until no line has exactly one suppressed cell.

A manager looking at their own organisation sees exact figures (`Policy.EXACT`): those recruits
are already known to them.

The thresholds are deliberately code rather than admin-editable data: loosening them is a
statistical-disclosure decision that should go through review, not a form.
"""

import enum
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "[c]"
NO_DATA = "–"
SMALLEST_GROUP = 8
ROUNDING_BASE = 5


class Policy(enum.Enum):
    CONTROLLED = "controlled"  # HEE analysts: suppression and rounding
    EXACT = "exact"  # a manager's own organisation


# --- Raw figures: what an aggregate produces, before disclosure control ------------------------


@dataclass(frozen=True)
class Count:
    """How many people (or reports) fall in a cell."""

    n: int


@dataclass(frozen=True)
class Share:
    """`part` out of `whole`, shown as a whole-number percentage."""

    part: int
    whole: int


@dataclass(frozen=True)
class Statistic:
    """A median, percentile or mean computed from `group_size` values, in `unit`."""

    value: float | None
    group_size: int
    unit: str = ""
    decimals: int = 0


@dataclass(frozen=True)
class Reference:
    """Published reference data that is not about anyone: an HCPC target, a country's status."""

    text: str
    number: float | None = None


Figure = Count | Share | Statistic | Reference


# --- Shown figures: what reaches the page and the CSV ------------------------------------------


@dataclass(frozen=True)
class Shown:
    text: str
    number: float | None = None  # the value as shown (after rounding); None when not numeric
    suppressed: bool = False


def round_count(n: int) -> int:
    """Round to the nearest 5, halves upwards (only whole counts reach here, so no ties)."""
    return ROUNDING_BASE * ((n + ROUNDING_BASE // 2) // ROUNDING_BASE)


def half_up(value: float, decimals: int = 0) -> float | int:
    """Round halves away from zero (Python's round() goes to even, which surprises readers)."""
    exponent = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)
    return float(rounded) if decimals else int(rounded)


def is_small(n: int) -> bool:
    return 0 < n < SMALLEST_GROUP


def show_count(n: int, *, policy: Policy = Policy.CONTROLLED) -> Shown:
    if policy is Policy.EXACT:
        return Shown(str(n), n)
    if n == 0:
        return Shown("0", 0)
    if is_small(n):
        return Shown(SUPPRESSED, None, suppressed=True)
    rounded = round_count(n)
    return Shown(str(rounded), rounded)


def show_share(part: int, whole: int, *, policy: Policy = Policy.CONTROLLED) -> Shown:
    if whole == 0:
        return Shown(NO_DATA)
    if policy is Policy.CONTROLLED and (whole < SMALLEST_GROUP or is_small(part)):
        return Shown(SUPPRESSED, None, suppressed=True)
    percent = int(half_up(100 * part / whole))
    return Shown(f"{percent}%", percent)


def show_statistic(
    value: float | None,
    group_size: int,
    *,
    unit: str = "",
    decimals: int = 0,
    policy: Policy = Policy.CONTROLLED,
) -> Shown:
    if value is None or group_size == 0:
        return Shown(NO_DATA)
    if policy is Policy.CONTROLLED and group_size < SMALLEST_GROUP:
        return Shown(SUPPRESSED, None, suppressed=True)
    number = half_up(value, decimals)
    return Shown(f"{number:.{decimals}f} {unit}".strip(), number)


def show(figure: Figure, *, policy: Policy) -> Shown:
    if isinstance(figure, Count):
        return show_count(figure.n, policy=policy)
    if isinstance(figure, Share):
        return show_share(figure.part, figure.whole, policy=policy)
    if isinstance(figure, Statistic):
        return show_statistic(
            figure.value,
            figure.group_size,
            unit=figure.unit,
            decimals=figure.decimals,
            policy=policy,
        )
    return Shown(figure.text, figure.number)


# --- Secondary suppression ---------------------------------------------------------------------


def secondary_suppression(
    values: dict[Hashable, int],
    lines: Iterable[Sequence[Hashable]],
    suppressed: set[Hashable],
    *,
    totals: set[Hashable] = frozenset(),
) -> set[Hashable]:
    """Cells to suppress so that no suppressed cell can be worked out by subtraction.

    `values` holds every count cell (interior cells and totals) by key; each of `lines` lists the
    keys of one published equation (a row or column with its total). A line with exactly one
    suppressed cell gives that cell away, so the smallest non-zero cell still shown in it is
    suppressed as well (an interior cell in preference to a total), until no line gives one away.
    Returns the full set of suppressed keys (including `suppressed`).
    """
    hidden = set(suppressed)
    lines = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for key in line if key in hidden) != 1:
                continue
            candidates = [key for key in line if key not in hidden and values[key] != 0]
            if not candidates:
                continue  # the rest of the line is zeros: the hidden cell equals its total
            # Interior cells first, then the smallest; ties broken by position for determinism.
            choice = min(
                candidates,
                key=lambda key: (key in totals, values[key], line.index(key)),
            )
            hidden.add(choice)
            changed = True
    return hidden


# --- Tables --------------------------------------------------------------------------------


@dataclass
class RawTable:
    """An aggregate before disclosure control.

    `additive` lists the indexes of count columns that add up across a row, so that a total column
    can be published; a total row sums every count column. Shares, statistics and references are
    never totalled.
    """

    slug: str
    title: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[Figure]]]
    total_row: bool = False
    total_column: bool = False
    additive: list[int] = field(default_factory=list)
    chart_column: int | None = 0
    description: str = ""


@dataclass
class ShownRow:
    label: str
    cells: list[Shown]
    is_total: bool = False


@dataclass
class ShownTable:
    slug: str
    title: str
    row_heading: str
    columns: list[str]
    rows: list[ShownRow]
    chart_column: int | None
    description: str = ""

    @property
    def headers(self) -> list[str]:
        return [self.row_heading, *self.columns]

    def as_rows(self) -> list[list[str]]:
        """The table exactly as displayed: header then one list of texts per row (the CSV)."""
        return [self.headers] + [[row.label, *(c.text for c in row.cells)] for row in self.rows]


TOTAL_LABEL = "Total"


def protect_table(raw: RawTable, *, policy: Policy) -> ShownTable:
    """Apply disclosure control to a whole table: totals, primary and secondary suppression."""
    n_rows, n_cols = len(raw.rows), len(raw.columns)
    grid: dict[tuple[int, int], Figure] = {}
    for r, (_, figures) in enumerate(raw.rows):
        for c, figure in enumerate(figures):
            grid[(r, c)] = figure

    count_columns = [
        c for c in range(n_cols) if all(isinstance(grid[(r, c)], Count) for r in range(n_rows))
    ]
    additive = [c for c in raw.additive if c in count_columns]
    total_c = n_cols  # the column index a total column takes
    total_r = n_rows  # the row index a total row takes
    values: dict[tuple[int, int], int] = {
        (r, c): grid[(r, c)].n for r in range(n_rows) for c in count_columns
    }
    totals: set[tuple[int, int]] = set()
    lines: list[list[tuple[int, int]]] = []

    if raw.total_column and additive:
        for r in range(n_rows):
            values[(r, total_c)] = sum(values[(r, c)] for c in additive)
            totals.add((r, total_c))
            lines.append([(r, c) for c in additive] + [(r, total_c)])
    if raw.total_row and n_rows:
        total_columns = count_columns + ([total_c] if raw.total_column and additive else [])
        for c in total_columns:
            values[(total_r, c)] = sum(values[(r, c)] for r in range(n_rows))
            totals.add((total_r, c))
            lines.append([(r, c) for r in range(n_rows)] + [(total_r, c)])
        if raw.total_column and additive:
            lines.append([(total_r, c) for c in additive] + [(total_r, total_c)])

    hidden: set[tuple[int, int]] = set()
    if policy is Policy.CONTROLLED:
        primary = {key for key, n in values.items() if is_small(n)}
        hidden = secondary_suppression(values, lines, primary, totals=totals)

    def shown_count(key: tuple[int, int]) -> Shown:
        if key in hidden:
            return Shown(SUPPRESSED, None, suppressed=True)
        return show_count(values[key], policy=policy)

    rows: list[ShownRow] = []
    for r, (label, figures) in enumerate(raw.rows):
        cells = [
            shown_count((r, c)) if c in count_columns else show(figures[c], policy=policy)
            for c in range(n_cols)
        ]
        if raw.total_column and additive:
            cells.append(shown_count((r, total_c)))
        rows.append(ShownRow(label, cells))

    columns = list(raw.columns)
    if raw.total_column and additive:
        columns.append(TOTAL_LABEL)
    if raw.total_row and n_rows:
        cells = [
            shown_count((total_r, c)) if (total_r, c) in values else Shown("")
            for c in range(len(columns))
        ]
        rows.append(ShownRow(TOTAL_LABEL, cells, is_total=True))

    return ShownTable(
        slug=raw.slug,
        title=raw.title,
        row_heading=raw.row_heading,
        columns=columns,
        rows=rows,
        chart_column=raw.chart_column,
        description=raw.description,
    )
