from datetime import date

from employers.models import CountryStatus
from employers.selectors import country_status_on


def test_country_status_on_seeded_red_list(db):
    for code in ["NG", "GH", "ZW", "PK", "BD", "ZM"]:
        assert country_status_on(code, date(2025, 1, 1)).status == "red"


def test_country_status_on_seeded_amber_list_has_the_agreement(db):
    status = country_status_on("KE", date(2025, 1, 1))

    assert status.status == "amber"
    assert "Kenya" in status.agreement_note
    assert country_status_on("NP", date(2025, 1, 1)).status == "amber"


def test_country_status_on_unlisted_country_is_green_and_unsaved(db):
    status = country_status_on("IN", date(2025, 1, 1))

    assert (status.status, status.is_listed) == ("green", False)


def test_country_status_on_follows_effective_dates(db):
    CountryStatus.objects.filter(country="GH").update(effective_to=date(2025, 12, 31))
    CountryStatus.objects.create(
        country="GH", status="amber", effective_from=date(2026, 1, 1), agreement_note="New deal"
    )

    assert country_status_on("GH", date(2023, 3, 13)).status == "green"
    assert country_status_on("GH", date(2025, 12, 31)).status == "red"
    assert country_status_on("GH", date(2026, 1, 1)).status == "amber"
