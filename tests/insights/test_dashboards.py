"""Each aggregate against answers worked out by hand from the data set in conftest.py."""

from datetime import date

import pytest
from django.db.models import F

from candidates.models import BarrierTheme
from candidates.selectors import registration_steps_for_analysis
from employers.models import Region
from insights.aggregates import DaysBetween, summary_of_counts, value_counts
from insights.dashboards import barriers, ethics, pipeline, support, timing
from insights.disclosure import Policy, protect_table
from insights.models import CheckInGapCount
from insights.refresh import counts_refresh
from insights.scope import Scope
from onboarding.models import CodeOfPracticeDecision, Offer
from pastoral.models import SupportAssignment, SupportRole
from tests.factories import CheckInFactory, WellbeingPulseFactory
from tests.insights.conftest import TODAY

EVERYONE = Scope(policy=Policy.EXACT, today=TODAY)


def exact(scope=EVERYONE, **filters):
    return Scope(**{**scope.__dict__, **filters})


@pytest.fixture
def world(db, module_world):
    """Every test here only reads the world: it is built once for the module."""
    return module_world


def rows_of(tables, slug):
    table = next(t for t in tables if t.slug == slug)
    return protect_table(table, policy=Policy.EXACT).as_rows()


def test_pipeline_stage_counts_by_region(world):
    # London: r1, r2 offered, applied and registered; both started (1 Apr 2025, 1 Jul 2025);
    # only r1 started on or before 30 Jun 2025. Midlands: r3 applied and started 15 Jan 2026;
    # r4 starts in September 2026.
    assert pipeline.stage_counts(EVERYONE) == {
        Region.LONDON: {
            "offered": 2,
            "applied": 2,
            "registered": 2,
            "started": 2,
            "twelve_months": 1,
        },
        Region.MIDLANDS: {
            "offered": 2,
            "applied": 1,
            "registered": 0,
            "started": 1,
            "twelve_months": 0,
        },
    }


def test_pipeline_table_totals_and_shares(world):
    assert rows_of(pipeline.build(EVERYONE), "stages") == [
        ["Stage", "Recruits", "Share of offers"],
        ["Offer made", "4", "100%"],
        ["HCPC application submitted", "3", "75%"],
        ["Registered with the regulator", "2", "50%"],
        ["Started in post", "3", "75%"],
        ["12 months in post", "1", "25%"],
    ]


def test_pipeline_filters_by_period_region_profession_pathway_and_employer(world):
    in_2025_q1 = exact(start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert sum(r["offered"] for r in pipeline.stage_counts(in_2025_q1).values()) == 3
    assert list(pipeline.stage_counts(exact(region=Region.MIDLANDS))) == [Region.MIDLANDS]
    radiographers = pipeline.stage_counts(exact(profession="radiographer"))
    assert radiographers[Region.MIDLANDS]["offered"] == 2
    refugees = pipeline.stage_counts(exact(pathway="refugee_uk"))
    assert refugees == {
        Region.MIDLANDS: {
            "offered": 1,
            "applied": 1,
            "registered": 0,
            "started": 1,
            "twelve_months": 0,
        }
    }
    employer_a = pipeline.stage_counts(exact(organisation_id=world.a.pk))
    assert list(employer_a) == [Region.LONDON]


def test_timing_step_times_median_and_90th_percentile(world):
    rows = {row["template_key"]: row for row in timing.step_times(EVERYONE)}
    # Application: 5, 1 and 3 days → median 3; 90th percentile 3 + (5 − 3) × 0.8 = 4.6.
    assert (rows["application"]["n"], rows["application"]["median"]) == (3, 3.0)
    assert rows["application"]["p90"] == pytest.approx(4.6)
    # Initial review: 21 and 42 days → 31.5; 21 + 21 × 0.9 = 39.9; r1 on time, r2 late.
    review = rows["initial_review"]
    assert (review["median"], review["on_time"], review["with_due"]) == (31.5, 1, 2)
    assert review["p90"] == pytest.approx(39.9)
    assert review["target_amount"] == 28
    # Registered: 9 and 14 days → 11.5; 9 + 5 × 0.9 = 13.5.
    assert rows["registered"]["median"] == 11.5
    assert rows["registered"]["p90"] == pytest.approx(13.5)
    # The refugee pathway's first step has its own name (refugees ask HCPC for a form): one row
    # per name, the percentiles per step.
    assert [
        (row["template_key"], row["template_name"], row["finished"])
        for row in timing.step_times(EVERYONE)
    ] == [
        ("application", "Submit your online application", 2),
        ("application", "Ask HCPC for the refugee application form", 1),
        ("initial_review", "Initial review and verification checks", 2),
        ("registered", "Registered", 2),
    ]


def test_timing_offer_to_registration(world):
    # r1: 10 Jan → 10 Mar 2025 = 59 days; r2: 1 Feb → 15 Apr 2025 = 73 days.
    times = timing.offer_to_registration(EVERYONE)
    n, (median, p90) = times[""]
    assert (n, median) == (2, 66.0)
    assert p90 == pytest.approx(71.6)
    assert times["physiotherapist"][0] == 2
    assert rows_of(timing.build(EVERYONE), "offer-to-registration") == [
        ["Profession", "Recruits registered", "Median days", "90th percentile days"],
        ["Physiotherapist", "2", "66", "72"],
        ["All professions", "2", "66", "72"],
    ]


def test_timing_steps_table_shows_targets(world):
    assert rows_of(timing.build(EVERYONE), "steps")[3] == [
        "Initial review and verification checks",
        "2",
        "32",
        "40",
        "28 days",
        "50%",
    ]


def test_barriers_counts_by_theme_and_quarter(world):
    assert barriers.counts_by_quarter(EVERYONE) == {
        (BarrierTheme.LANGUAGE, (2025, 1)): 1,
        (BarrierTheme.LANGUAGE, (2025, 2)): 1,
        (BarrierTheme.ONBOARDING, (2025, 2)): 1,
        (BarrierTheme.CULTURAL, (2025, 2)): 1,
    }
    table = rows_of(barriers.build(EVERYONE), "themes-over-time")
    assert table[0] == ["Theme", "2025 Q1", "2025 Q2", "Total"]
    assert table[-1] == ["Total", "1", "3", "4"]
    assert ["Language proficiency", "1", "1", "2"] in table


def test_barriers_by_profession_and_region(world):
    by_recruit = barriers.counts_by_recruit(EVERYONE)
    assert barriers.counts_by(by_recruit, "profession") == {
        (BarrierTheme.LANGUAGE, "physiotherapist"): 2,
        (BarrierTheme.ONBOARDING, "physiotherapist"): 1,
        (BarrierTheme.CULTURAL, "radiographer"): 1,
    }
    assert barriers.counts_by(by_recruit, "region") == {
        (BarrierTheme.LANGUAGE, Region.LONDON): 2,
        (BarrierTheme.ONBOARDING, Region.LONDON): 1,
        (BarrierTheme.CULTURAL, Region.MIDLANDS): 1,
    }


def test_barriers_share_resolved_and_days_to_resolve(world):
    resolution = barriers.resolution_by_theme(EVERYONE)
    # Language: resolved after 10 and 4 days → median 7.
    assert resolution[BarrierTheme.LANGUAGE] == {
        "theme": BarrierTheme.LANGUAGE,
        "reports": 2,
        "resolved": 2,
        "n": 2,
        "median": 7.0,
    }
    assert (resolution[BarrierTheme.CULTURAL]["resolved"], resolution["cultural"]["n"]) == (0, 0)
    table = rows_of(barriers.build(EVERYONE), "resolved")
    assert ["Language proficiency", "2", "2", "100%", "7"] in table
    assert ["Onboarding", "1", "0", "0%", "–"] in table
    assert ["Pastoral support", "0", "0", "–", "–"] in table


def test_support_first_weeks(world):
    # Started by 16 Jun 2026: r1, r2, r3; only r1 had a buddy within 14 days (10 Apr vs 1 Apr).
    # Required tasks: r1 all done, r2 one open; r3 has none.
    assert support.first_weeks(EVERYONE) == {
        "started_14": 3,
        "buddied_14": 1,
        "with_tasks": 2,
        "completed": 1,
    }


def test_support_check_in_gaps(world):
    # Check-ins 10 Apr, 17 Apr, 1 May 2025 → gaps 7 and 14: median 10.5, 7 + 7 × 0.9 = 13.3.
    gaps = support.check_in_gaps(EVERYONE)
    n, (median, p90) = gaps[SupportRole.BUDDY]
    assert (n, median) == (2, 10.5)
    assert p90 == pytest.approx(13.3)
    assert list(gaps) == [SupportRole.BUDDY]


def test_support_check_in_gaps_count_the_check_in_before_the_period(world):
    # Only 17 Apr is in the period; the one before it (10 Apr) is not, but still sets its gap.
    scope = Scope(policy=Policy.EXACT, today=TODAY, start=date(2025, 4, 15), end=date(2025, 4, 20))
    assert support.check_in_gaps(scope) == {SupportRole.BUDDY: (1, [7.0, 7.0])}


def test_support_pulse_months(world):
    months = [
        (
            row["month"],
            row["recruits"],
            row["low"],
            row["belonging"],
            row["wellbeing"],
            row["supported"],
        )
        for row in support.pulse_months(EVERYONE)
    ]
    assert months == [
        (date(2025, 5, 1), 2, 1, 3.0, 2.5, 4.0),
        (date(2025, 6, 1), 1, 0, 4.0, 4.0, 4.0),
    ]
    assert rows_of(support.build(EVERYONE), "pulse")[1] == [
        "May 2025",
        "2",
        "3.0",
        "2.5",
        "4.0",
        "50%",
    ]


def test_ethics_countries_of_training_with_status(world):
    rows = [
        (row["country_of_training"], row["n"], row["status"])
        for row in ethics.countries_of_training(EVERYONE)
    ]
    # Syria is not on the Code of Practice list.
    assert rows == [("IN", 1, "green"), ("NG", 1, "red"), ("PH", 1, "green"), ("SY", 1, "green")]


def test_ethics_active_recruitment_from_red_list(world):
    assert ethics.offers_by_status_and_route(EVERYONE) == {
        ("green", "direct"): 3,
        ("red", "active_agency"): 1,
    }
    assert rows_of(ethics.build(EVERYONE), "red-list")[1] == [
        "Offers through active recruitment from a red-list country",
        "1",
    ]


def test_ethics_offers_before_any_list_held_are_not_green(world):
    Offer.objects.filter(candidate=world.r1).update(offer_date=date(2023, 3, 22))

    assert ethics.offers_by_status_and_route(EVERYONE) == {
        ("none", "direct"): 1,
        ("green", "direct"): 2,
        ("red", "active_agency"): 1,
    }
    assert rows_of(ethics.build(EVERYONE), "routes")[4] == [
        "No list held for the date",
        "1",
        "0",
        "0",
        "1",
    ]


def test_ethics_counts_route_changed_after_a_refusal(world):
    def decision(outcome, route, **fields):
        return CodeOfPracticeDecision.objects.create(
            candidate=world.r5,
            country="NG",
            recruitment_route=route,
            country_status="red",
            outcome=outcome,
            **fields,
        )

    refusal = decision("refused", "active_agency")
    decision("allowed", "direct", follows_refusal=refusal, application_account="Own, advert 9")
    decision("allowed", "direct")

    assert ethics.route_changed_after_refusal(EVERYONE) == 1
    assert rows_of(ethics.build(EVERYONE), "red-list")[4] == [
        "Route changed after a refusal: direct applications recorded after one",
        "1",
    ]


def test_controlled_tables_suppress_this_small_data_set(world):
    controlled = Scope(today=TODAY)
    table = protect_table(
        next(t for t in pipeline.build(controlled) if t.slug == "stages"),
        policy=Policy.CONTROLLED,
    ).as_rows()
    assert table[1:] == [
        ["Offer made", "[c]", "[c]"],
        ["HCPC application submitted", "[c]", "[c]"],
        ["Registered with the regulator", "[c]", "[c]"],
        ["Started in post", "[c]", "[c]"],
        ["12 months in post", "[c]", "[c]"],
    ]


def test_support_pulse_months_count_each_recruit_once_whatever_the_period(world):
    # r1 answers again on 19 May. Over every month May has r1 and r2 (r1 once); from 10 May
    # the period leaves out r1's first May answer, and r1 still counts once.
    WellbeingPulseFactory(
        candidate=world.r1, period_start=date(2025, 5, 19), belonging=5, wellbeing=5, supported=5
    )

    def may(scope):
        row = support.pulse_months(scope)[0]
        return row["month"], row["recruits"], row["low"], row["belonging"], row["supported"]

    assert may(EVERYONE) == (date(2025, 5, 1), 2, 1, pytest.approx(11 / 3), pytest.approx(13 / 3))
    assert may(exact(start=date(2025, 5, 10))) == (date(2025, 5, 1), 2, 1, 3.5, 4.0)
    assert may(exact(end=date(2025, 5, 10))) == (date(2025, 5, 1), 1, 0, 4.0, 5.0)


def test_scope_in_whole_months_leaves_the_odd_days_at_either_end():
    def split(start, end):
        months, rest = exact(start=start, end=end).in_whole_months()
        return (None if months.empty else (months.first, months.last)), rest

    assert split(None, None) == ((None, None), [])
    assert split(date(2025, 1, 15), date(2025, 4, 10)) == (
        (date(2025, 2, 1), date(2025, 3, 1)),
        [(date(2025, 1, 15), date(2025, 1, 31)), (date(2025, 4, 1), date(2025, 4, 10))],
    )
    assert split(date(2025, 2, 1), date(2025, 2, 28)) == ((date(2025, 2, 1), date(2025, 2, 1)), [])
    assert split(date(2025, 5, 3), date(2025, 5, 20)) == (
        None,
        [(date(2025, 5, 3), date(2025, 5, 20))],
    )
    assert split(date(2025, 1, 15), date(2025, 2, 10)) == (
        None,
        [(date(2025, 1, 15), date(2025, 2, 10))],
    )
    assert split(None, date(2025, 12, 20)) == (
        (None, date(2025, 11, 1)),
        [(date(2025, 12, 1), date(2025, 12, 20))],
    )
    assert split(date(2025, 3, 2), None) == (
        (date(2025, 4, 1), None),
        [(date(2025, 3, 2), date(2025, 3, 31))],
    )


@pytest.mark.parametrize(
    "start, end",
    [
        (None, None),
        (date(2025, 1, 15), date(2025, 3, 12)),
        (date(2025, 3, 1), date(2025, 3, 31)),
        (date(2025, 3, 5), date(2025, 3, 11)),
        (None, date(2025, 3, 10)),
        (date(2025, 2, 20), None),
    ],
)
def test_timing_step_times_from_the_refresh_s_counts_give_what_counting_the_steps_gives(
    world, start, end
):
    scope = exact(start=start, end=end)
    counted = timing.step_times(scope)  # before any refresh: the steps themselves

    counts_refresh()

    assert timing.step_times(scope) == counted
    assert start or counted  # the open period has finished steps to count


@pytest.mark.parametrize(
    "start, end",
    [(None, None), (date(2025, 5, 10), None), (None, date(2025, 5, 10)), (date(2025, 6, 1), None)],
)
def test_support_pulse_months_from_the_refresh_s_counts_give_what_counting_gives(world, start, end):
    scope = exact(start=start, end=end)
    counted = support.pulse_months(scope)  # before any refresh: the answers themselves

    counts_refresh()

    assert support.pulse_months(scope) == counted
    assert counted


@pytest.mark.parametrize(
    "start, end",
    [
        (None, None),
        (date(2025, 3, 5), date(2025, 4, 20)),
        (date(2025, 3, 1), date(2025, 4, 30)),
        (date(2025, 3, 10), date(2025, 3, 10)),
        (None, date(2025, 4, 14)),
        (date(2025, 3, 11), None),
    ],
)
def test_timing_offer_to_registration_from_stored_facts_gives_what_joining_the_registrations_gives(
    world, start, end
):
    scope = exact(start=start, end=end)
    registered = scope.in_period(
        registration_steps_for_analysis().filter(
            regulator=timing.HCPC, template_key="registered", finished_on__isnull=False
        ),
        "finished_on",
    ).annotate(
        offer_date=F("candidate__offer__offer_date"),
        recruit_profession=F("candidate__profession__slug"),
    )
    joined = {
        slug: summary_of_counts(counts)
        for (slug,), counts in value_counts(
            registered, group=["recruit_profession"], value=DaysBetween("finished_on", "offer_date")
        ).items()
    }
    stored = timing.offer_to_registration(scope)
    assert joined  # every period here has a registration (r1 10 March, r2 15 April 2025)
    assert {slug: figures for slug, figures in stored.items() if slug} == joined


@pytest.mark.parametrize(
    "start, end",
    [
        (None, None),
        (date(2025, 4, 15), date(2025, 4, 20)),
        (date(2025, 4, 17), date(2025, 5, 1)),
        (None, date(2025, 4, 30)),
        (date(2025, 5, 1), None),
    ],
)
def test_support_check_in_gaps_from_the_refresh_s_counts_give_what_counting_gives(
    world, start, end
):
    scope = exact(start=start, end=end)
    counted = support.check_in_gaps(scope)  # before any refresh: the check-ins themselves

    counts_refresh()

    assert support.check_in_gaps(scope) == counted
    assert CheckInGapCount.objects.count() == 2  # 17 Apr after 7 days, 1 May after 14


def test_support_check_in_gaps_for_every_recruit_read_the_counts_of_the_last_refresh(world):
    counts_refresh()
    CheckInFactory(assignment=SupportAssignment.objects.get(candidate=world.r1), held_on=TODAY)

    assert support.check_in_gaps(EVERYONE)[SupportRole.BUDDY][0] == 2
    assert support.check_in_gaps(exact(organisation_id=world.a.pk))[SupportRole.BUDDY][0] == 3

    counts_refresh()
    assert support.check_in_gaps(EVERYONE)[SupportRole.BUDDY][0] == 3
