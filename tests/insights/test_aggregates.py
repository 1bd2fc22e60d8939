from datetime import date

import pytest

from candidates.selectors import barrier_reports_for_analysis
from insights.aggregates import DaysBetween, grouped_percentiles, percentile_cont
from tests.factories import BarrierReportFactory, CandidateFactory


def test_percentile_cont_interpolates_like_postgresql():
    assert percentile_cont([1, 3, 5], 0.5) == 3.0
    assert percentile_cont([5, 1, 3], 0.9) == pytest.approx(4.6)
    assert percentile_cont([10, 20], 0.5) == 15.0
    assert percentile_cont([7], 0.9) == 7.0
    assert percentile_cont([], 0.5) is None


def test_grouped_percentiles_in_the_database_match_the_hand_answer(db):
    # Days to resolve: language 4, 10, 1, 30 → median 7, p90 4 + … sorted [1, 4, 10, 30]:
    # position 2.7 → 10 + 20 × 0.7 = 24; cultural 12 alone.
    candidate = CandidateFactory()
    for theme, days in [("language", 4), ("language", 10), ("language", 1), ("language", 30)]:
        BarrierReportFactory(
            candidate=candidate,
            theme=theme,
            occurred_on=date(2025, 1, 1),
            resolved_on=date(2025, 1, 1 + days),
        )
    BarrierReportFactory(
        candidate=candidate,
        theme="cultural",
        occurred_on=date(2024, 12, 25),
        resolved_on=date(2025, 1, 6),
    )
    BarrierReportFactory(candidate=candidate, theme="cultural", occurred_on=date(2025, 1, 1))
    result = grouped_percentiles(
        barrier_reports_for_analysis(),
        group=["theme"],
        value=DaysBetween("resolved_on", "occurred_on"),
    )
    assert result[("language",)][0] == 4
    assert result[("language",)][1] == [pytest.approx(7.0), pytest.approx(24.0)]
    assert result[("cultural",)] == (1, [12.0, 12.0])
    everyone = grouped_percentiles(
        barrier_reports_for_analysis(), group=[], value=DaysBetween("resolved_on", "occurred_on")
    )
    assert everyone[()][0] == 5
    assert everyone[()][1][0] == pytest.approx(10.0)


def test_grouped_percentiles_of_nothing_is_empty(db):
    assert (
        grouped_percentiles(
            barrier_reports_for_analysis(),
            group=[],
            value=DaysBetween("resolved_on", "occurred_on"),
        )
        == {}
    )
