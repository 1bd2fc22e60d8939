from datetime import date

from employers.models import CountryStatus
from employers.selectors import country_status_on

# NHS Employers' Code of Practice red list from 23 March 2023, as DOMAIN.md lists it.
RED_2023 = {
    "AF", "AO", "BD", "BJ", "BF", "BI", "CM", "CF", "TD", "KM", "CG", "CD", "CI", "DJ", "GQ",
    "ER", "ET", "GA", "GM", "GH", "GN", "GW", "HT", "KI", "LA", "LS", "LR", "MG", "MW", "ML",
    "MR", "FM", "MZ", "NE", "NG", "PK", "PG", "RW", "WS", "SN", "SL", "SB", "SO", "SS", "SD",
    "TL", "TG", "TV", "TZ", "UG", "VU", "YE", "ZM", "ZW",
}  # fmt: skip


def _listed_on(day: date, status: str) -> set[str]:
    codes = CountryStatus.objects.values_list("country", flat=True).distinct()
    return {code for code in codes if country_status_on(code, day).status == status}


def test_country_status_on_holds_the_published_red_list_exactly(db):
    assert len(RED_2023) == 54
    assert _listed_on(date(2025, 1, 1), "red") == RED_2023


def test_country_status_on_djibouti_and_equatorial_guinea_are_red(db):
    assert country_status_on("DJ", date(2023, 3, 23)).status == "red"
    assert country_status_on("GQ", date(2025, 1, 1)).status == "red"


def test_country_status_on_syria_and_north_korea_are_not_listed(db):
    for code in ["SY", "KP"]:
        status = country_status_on(code, date(2025, 1, 1))
        assert (status.status, status.is_listed, status.list_held) == ("green", False, True)


def test_country_status_on_kenya_and_nepal_are_amber_with_their_agreements(db):
    kenya = country_status_on("KE", date(2025, 1, 1))
    nepal = country_status_on("NP", date(2025, 1, 1))

    assert _listed_on(date(2025, 1, 1), "amber") == {"KE", "NP"}
    assert (kenya.status, nepal.status) == ("amber", "amber")
    assert kenya.agreement_note == (
        "Kenya is amber (it is not on the WHO list) from 11 November 2021, under the UK–Kenya "
        "bilateral agreement on health and care workforce collaboration: recruit only under the "
        "agreement's terms."
    )
    assert nepal.agreement_note == (
        "Nepal is on the WHO list and amber under the UK–Nepal memorandum of understanding on "
        "healthcare recruitment of 22 August 2022: recruit only under the memorandum's terms."
    )


def test_country_status_on_holds_no_list_before_23_march_2023(db):
    for code in ["NG", "IN"]:
        status = country_status_on(code, date(2023, 3, 22))
        assert (status.status, status.list_held) == ("none", False)
    assert country_status_on("NG", date(2023, 3, 23)).status == "red"
    assert country_status_on("IN", date(2023, 3, 23)).status == "green"


def test_country_status_on_unlisted_country_is_green_and_unsaved(db):
    status = country_status_on("IN", date(2025, 1, 1))

    assert (status.status, status.is_listed) == ("green", False)


def test_country_status_on_follows_effective_dates(db):
    CountryStatus.objects.filter(country="GH").update(effective_to=date(2025, 12, 31))
    CountryStatus.objects.create(
        country="GH", status="amber", effective_from=date(2026, 1, 1), agreement_note="New deal"
    )

    assert country_status_on("GH", date(2025, 12, 31)).status == "red"
    assert country_status_on("GH", date(2026, 1, 1)).status == "amber"
    assert country_status_on("GH", date(2026, 1, 1)).agreement_note == "New deal"
