from insights.disclosure import (
    SUPPRESSED,
    Count,
    Policy,
    RawTable,
    Reference,
    Share,
    Shown,
    Statistic,
    protect_table,
    round_count,
    secondary_suppression,
    show_count,
    show_share,
    show_statistic,
)

EXACT = Policy.EXACT


def texts(table):
    return table.as_rows()[1:]


def test_show_count_one_is_suppressed():
    assert show_count(1) == Shown(SUPPRESSED, None, suppressed=True)


def test_show_count_seven_is_suppressed():
    assert show_count(7) == Shown(SUPPRESSED, None, suppressed=True)


def test_show_count_eight_is_shown_rounded_to_ten():
    assert show_count(8) == Shown("10", 10)


def test_show_count_zero_stays_zero():
    assert show_count(0) == Shown("0", 0)


def test_round_count_goes_to_nearest_five():
    assert [round_count(n) for n in (8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 102, 103)] == [
        10,
        10,
        10,
        10,
        10,
        15,
        15,
        15,
        15,
        20,
        100,
        105,
    ]


def test_show_count_exact_policy_shows_small_counts():
    assert show_count(3, policy=EXACT) == Shown("3", 3)
    assert show_count(12, policy=EXACT) == Shown("12", 12)


def test_show_share_group_of_seven_is_suppressed():
    assert show_share(0, 7).suppressed is True
    assert show_share(7, 7).suppressed is True


def test_show_share_group_of_eight_is_shown():
    assert show_share(8, 8) == Shown("100%", 100)
    assert show_share(0, 8) == Shown("0%", 0)


def test_show_share_small_part_is_suppressed_because_it_would_reveal_the_count():
    assert show_share(3, 20).suppressed is True
    assert show_share(8, 20) == Shown("40%", 40)


def test_show_share_rounds_halves_up():
    assert show_share(9, 24) == Shown("38%", 38)  # 37.5%


def test_show_share_of_nobody_is_no_data():
    assert show_share(0, 0) == Shown("–")


def test_show_statistic_needs_a_group_of_eight():
    assert show_statistic(30.0, 7, unit="days").suppressed is True
    assert show_statistic(30.5, 8, unit="days") == Shown("31 days", 31)


def test_show_statistic_exact_policy_shows_small_groups():
    assert show_statistic(12.25, 2, unit="days", policy=EXACT) == Shown("12 days", 12)
    assert show_statistic(3.25, 2, decimals=1, policy=EXACT) == Shown("3.3", 3.3)


def test_secondary_suppression_hides_the_next_smallest_cell_in_the_line():
    values = {"a": 3, "b": 20, "c": 11, "total": 34}
    hidden = secondary_suppression(values, [["a", "b", "c", "total"]], {"a"}, totals={"total"})
    assert hidden == {"a", "c"}


def test_secondary_suppression_skips_zero_cells():
    values = {"a": 3, "b": 0, "c": 11, "total": 14}
    hidden = secondary_suppression(values, [["a", "b", "c", "total"]], {"a"}, totals={"total"})
    assert hidden == {"a", "c"}


def test_secondary_suppression_leaves_lines_with_two_hidden_cells():
    values = {"a": 3, "b": 2, "c": 11, "total": 16}
    hidden = secondary_suppression(values, [["a", "b", "c", "total"]], {"a", "b"}, totals={"total"})
    assert hidden == {"a", "b"}


def test_protect_table_total_column_would_reveal_a_cell_so_another_is_suppressed():
    # Row "North": 3 + 20 + 11 = 34. Showing 20, 10 and 35 would let 3 be worked out roughly,
    # and exactly from an unrounded total; the next-smallest cell (11) is suppressed too.
    raw = RawTable(
        slug="t",
        title="T",
        row_heading="Region",
        columns=["A", "B", "C"],
        rows=[("North", [Count(3), Count(20), Count(11)])],
        total_column=True,
        additive=[0, 1, 2],
    )
    assert texts(protect_table(raw, policy=Policy.CONTROLLED)) == [
        ["North", SUPPRESSED, "20", SUPPRESSED, "35"]
    ]


def test_protect_table_secondary_suppression_across_rows_and_columns():
    raw = RawTable(
        slug="t",
        title="T",
        row_heading="Theme",
        columns=["London", "Midlands"],
        rows=[
            ("Language", [Count(5), Count(30)]),
            ("Onboarding", [Count(12), Count(40)]),
            ("Cultural", [Count(9), Count(16)]),
        ],
        total_row=True,
        total_column=True,
        additive=[0, 1],
    )
    shown = protect_table(raw, policy=Policy.CONTROLLED)
    # Language/London (5) is primary. Its row forces Language/Midlands (30, the only other
    # cell); London's column forces Cultural/London (9, next-smallest); Midlands' column, with
    # one hidden cell, forces Cultural/Midlands (16). Every line now hides two cells. Totals are
    # summed unrounded (35, 52, 25; 26, 86, 112) and then rounded.
    assert texts(shown) == [
        ["Language", SUPPRESSED, SUPPRESSED, "35"],
        ["Onboarding", "10", "40", "50"],
        ["Cultural", SUPPRESSED, SUPPRESSED, "25"],
        ["Total", "25", "85", "110"],
    ]


def test_protect_table_small_total_is_suppressed_with_its_cells():
    raw = RawTable(
        slug="t",
        title="T",
        row_heading="Stage",
        columns=["Recruits"],
        rows=[("Offer", [Count(2)]), ("Registered", [Count(0)])],
        total_row=True,
    )
    assert texts(protect_table(raw, policy=Policy.CONTROLLED)) == [
        ["Offer", SUPPRESSED],
        ["Registered", "0"],
        ["Total", SUPPRESSED],
    ]


def test_protect_table_totals_come_from_unrounded_counts():
    # 12 + 12 + 12 = 36 → 35; the rounded cells would add up to 30.
    raw = RawTable(
        slug="t",
        title="T",
        row_heading="Profession",
        columns=["Reports"],
        rows=[("A", [Count(12)]), ("B", [Count(12)]), ("C", [Count(12)])],
        total_row=True,
    )
    assert texts(protect_table(raw, policy=Policy.CONTROLLED))[-1] == ["Total", "35"]


def test_protect_table_shares_statistics_and_references_pass_their_own_rules():
    raw = RawTable(
        slug="t",
        title="T",
        row_heading="Step",
        columns=["Recruits", "Median", "Target", "Share"],
        rows=[
            (
                "Review",
                [Count(9), Statistic(25.0, 9, "days"), Reference("28 days", 28), Share(9, 9)],
            ),
            (
                "Decision",
                [Count(4), Statistic(3.0, 4, "days"), Reference("5 days", 5), Share(4, 4)],
            ),
        ],
    )
    assert texts(protect_table(raw, policy=Policy.CONTROLLED)) == [
        ["Review", "10", "25 days", "28 days", "100%"],
        ["Decision", SUPPRESSED, SUPPRESSED, "5 days", SUPPRESSED],
    ]


def test_protect_table_exact_policy_shows_everything():
    raw = RawTable(
        slug="t",
        title="T",
        row_heading="Theme",
        columns=["London", "Midlands"],
        rows=[("Language", [Count(1), Count(6)])],
        total_row=True,
        total_column=True,
        additive=[0, 1],
    )
    assert texts(protect_table(raw, policy=EXACT)) == [
        ["Language", "1", "6", "7"],
        ["Total", "1", "6", "7"],
    ]
