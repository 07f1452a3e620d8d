"""Line charts drawn on the server as inline SVG: coordinates computed here, the markup in a
template, colours in the stylesheet (the page's CSP allows no inline script or style)."""

from dataclasses import dataclass
from datetime import date

from payung.coverage.selectors import MonthlyCoverage

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 12, 30
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 36, 60)
MAX_X_TICKS = 6


@dataclass(frozen=True)
class Series:
    program: str
    points: str  # "x,y x,y …" for <polyline points>
    last_x: float
    last_y: float
    last_value: int
    first_value: int


@dataclass(frozen=True)
class Tick:
    at: float
    value: int | date


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    first_month: date
    last_month: date


def _nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 × 10ⁿ) giving about `ticks` gridlines up to `top`."""
    raw = max(1, top) / ticks
    magnitude = 1
    while magnitude * 10 <= raw:
        magnitude *= 10
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10


def _month_index(month: date) -> int:
    return month.year * 12 + month.month - 1


def _turns(values: list[int]) -> list[int]:
    """The indexes a line must pass through: its ends and where it leaves a flat stretch."""
    last = len(values) - 1
    return [
        i
        for i, v in enumerate(values)
        if i in (0, last) or v != values[i - 1] or v != values[i + 1]
    ]


def coverage_chart(history: MonthlyCoverage) -> LineChart | None:
    """The chart of a coverage history: one line per program; None when it has no month."""
    months = history.months
    if not months:
        return None
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    peak = max((max(values) for values in history.by_program.values()), default=0)
    step = _nice_step(peak)
    top_value = max(step, -(-peak // step) * step)
    span = max(1, len(months) - 1)

    def x(i: int) -> float:
        return round(LEFT + plot_width * i / span, 1)

    def y(value: int) -> float:
        return round(TOP + plot_height * (1 - value / top_value), 1)

    series = [
        Series(
            program=program,
            points=" ".join(f"{x(i)},{y(values[i])}" for i in _turns(values)),
            last_x=x(len(values) - 1),
            last_y=y(values[-1]),
            last_value=values[-1],
            first_value=values[0],
        )
        for program, values in history.by_program.items()
    ]
    y_ticks = [Tick(at=y(v), value=v) for v in range(0, top_value + 1, step)]
    month_step = next((s for s in MONTH_STEPS if len(months) / s <= MAX_X_TICKS), MONTH_STEPS[-1])
    x_ticks = [
        Tick(at=x(i), value=month)
        for i, month in enumerate(months)
        if _month_index(month) % month_step == 0
    ] or [Tick(at=x(0), value=months[0])]
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        series=series,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        first_month=months[0],
        last_month=months[-1],
    )
