"""Whether a recruit's English evidence meets HCPC's standard, decided in one place.

Each piece of evidence is checked against the admin-kept rules (`EnglishThreshold` per test and
profession, `EnglishQualifyingCountry`); the recruit's standing comes from the best evidence
that is still valid, so a newer failing test never hides an older pass that still counts. Pages
call `english_standing`; none of them decides anything about English themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from candidates.models import (
    ELEMENTS,
    CandidateProfile,
    EnglishLanguageEvidence,
    EnglishQualifyingCountry,
    EnglishTestType,
    EnglishThreshold,
    Profession,
)

MEETS = "meets"
TO_BE_CONFIRMED = "to_be_confirmed"
TOO_OLD = "too_old"
DOES_NOT_MEET = "does_not_meet"

STATUS_LABELS = {
    MEETS: "Meets the standard",
    TO_BE_CONFIRMED: "To be confirmed by an administrator",
    TOO_OLD: "Too old",
    DOES_NOT_MEET: "Does not meet the standard",
}


@dataclass(frozen=True)
class EnglishCheck:
    """One piece of evidence against the rules, as of one day."""

    status: str
    shortfalls: list[str]
    expires_on: date | None  # None: it never expires (a qualification)
    threshold: EnglishThreshold | None
    needed: str = ""  # what the rules ask, in words
    for_profession: bool = False  # the profession's own figures, not everyone's
    to_confirm: list[str] = field(default_factory=list)  # why an administrator must confirm

    @property
    def passes(self) -> bool:
        return self.status == MEETS

    @property
    def expired(self) -> bool:
        return self.status == TOO_OLD

    @property
    def to_be_confirmed(self) -> bool:
        return self.status == TO_BE_CONFIRMED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class EnglishResult:
    evidence: EnglishLanguageEvidence
    check: EnglishCheck

    @property
    def scores(self) -> list[tuple[str, str]]:
        """The test's scores as people read them: (name, score), the total or overall first."""
        evidence, test_type = self.evidence, self.evidence.test_type
        named = [(_overall_name(test_type), evidence.overall)]
        named += [(element, getattr(evidence, element)) for element in ELEMENTS]
        return [
            (name.capitalize(), _score(value, test_type))
            for name, value in named
            if value is not None
        ]


@dataclass(frozen=True)
class EnglishStanding:
    """A recruit's English evidence, newest first, and the best of it that counts today."""

    results: list[EnglishResult]
    best: EnglishResult | None

    @property
    def status(self) -> str:
        """MEETS or TO_BE_CONFIRMED from the best evidence; DOES_NOT_MEET when there is
        evidence and none of it counts; "" without any evidence."""
        if self.best is not None:
            return self.best.check.status
        return DOES_NOT_MEET if self.results else ""

    @property
    def summary(self) -> str:
        if self.best is not None:
            evidence, check = self.best.evidence, self.best.check
            what = f"{evidence.get_test_type_display()} of {_long(evidence.test_date)}"
            until = f" It counts until {_long(check.expires_on)}." if check.expires_on else ""
            if check.passes:
                return f"HCPC's English standard is met by the {what}.{until}"
            return (
                f"The {what} meets the figures held here, but they are to be confirmed by an "
                f"administrator.{until}"
            )
        if self.results:
            return "None of the English evidence meets HCPC's standard today."
        return ""

    @property
    def next_action(self) -> str:
        """What the recruit should do about English, if anything."""
        if self.status == DOES_NOT_MEET:
            return "Your English evidence does not yet meet HCPC's standard (see below)."
        return ""


def threshold_for(
    thresholds: Iterable[EnglishThreshold], *, test_type: str, profession_id: int | None
) -> EnglishThreshold | None:
    """The profession's own row for this test if there is one, else the general row."""
    general = None
    for threshold in thresholds:
        if threshold.test_type != test_type:
            continue
        if threshold.profession_id == profession_id and profession_id is not None:
            return threshold
        if threshold.profession_id is None:
            general = threshold
    return general


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _score(value: Decimal, test_type: str) -> str:
    # IELTS bands read as 6.5 or 7.0; OET and TOEFL scores are whole numbers.
    if test_type == EnglishTestType.IELTS:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def _gap(gap: Decimal, test_type: str) -> str:
    if test_type == EnglishTestType.IELTS:
        return f"{gap:.1f}"
    return f"{gap:,.0f} point{'' if gap == 1 else 's'}"


def _overall_name(test_type: str) -> str:
    # OET has no overall score: HCPC asks for the four papers' total.
    return "total" if test_type == EnglishTestType.OET else "overall"


def _element_name(test_type: str) -> str:
    return "paper" if test_type == EnglishTestType.OET else "element"


def _needed(threshold: EnglishThreshold) -> str:
    test_type = threshold.test_type
    parts = []
    if threshold.overall is not None:
        parts.append(f"{_overall_name(test_type)} {_score(threshold.overall, test_type)}")
    if threshold.minimum_element is not None:
        parts.append(
            f"no {_element_name(test_type)} below {_score(threshold.minimum_element, test_type)}"
        )
    if not threshold.accepted_if_taken_in_uk:
        parts.append("taken outside the UK")
    return ", ".join(parts)


def _score_shortfalls(evidence: EnglishLanguageEvidence, threshold: EnglishThreshold) -> list:
    test_type = evidence.test_type
    shortfalls = []
    if threshold.overall is not None:
        name = _overall_name(test_type)
        if evidence.overall is None:
            shortfalls.append(f"The {name} score is missing.")
        elif evidence.overall < threshold.overall:
            shortfalls.append(
                f"{name.capitalize()} {_score(evidence.overall, test_type)} is "
                f"{_gap(threshold.overall - evidence.overall, test_type)} below the "
                f"{_score(threshold.overall, test_type)} needed."
            )
    if threshold.minimum_element is not None:
        for element in ELEMENTS:
            score = getattr(evidence, element)
            if score is None:
                shortfalls.append(f"The {element} score is missing.")
            elif score < threshold.minimum_element:
                shortfalls.append(
                    f"{element.capitalize()} {_score(score, test_type)} is "
                    f"{_gap(threshold.minimum_element - score, test_type)} below the "
                    f"{_score(threshold.minimum_element, test_type)} needed."
                )
    return shortfalls


def _status(*, shortfalls: list, expires_on: date | None, to_confirm: list, today: date) -> str:
    if shortfalls:
        return DOES_NOT_MEET
    if expires_on is not None and today > expires_on:
        return TOO_OLD
    return TO_BE_CONFIRMED if to_confirm else MEETS


def _expires_on(evidence: EnglishLanguageEvidence, threshold: EnglishThreshold | None):
    if threshold is None or not threshold.valid_for_days:
        return None
    return evidence.test_date + timedelta(days=threshold.valid_for_days)


def english_check(
    evidence: EnglishLanguageEvidence,
    *,
    thresholds: Iterable[EnglishThreshold],
    profession: Profession | None,
    qualifying: dict[str, EnglishQualifyingCountry],
    today: date,
) -> EnglishCheck:
    """Check one piece of evidence against HCPC's rules as held here, saying exactly what falls
    short and by how much. `qualifying` holds at least the qualifying-country rows of the
    countries any qualification in question was gained in."""
    threshold = threshold_for(
        thresholds,
        test_type=evidence.test_type,
        profession_id=profession.pk if profession else None,
    )
    for_profession = threshold is not None and threshold.profession_id is not None
    if evidence.test_type == EnglishTestType.QUALIFICATION:
        return _qualification_check(evidence, threshold, qualifying, today=today)
    label = evidence.get_test_type_display()
    if threshold is None:
        if evidence.test_type == EnglishTestType.OET and profession is not None:
            shortfall = (
                f"HCPC accepts OET only for professions that have an OET version, and "
                f"{profession.name.lower()} has none. Use IELTS Academic or TOEFL iBT instead."
            )
        else:
            shortfall = "There is no threshold for this test yet."
        return EnglishCheck(DOES_NOT_MEET, [shortfall], None, None)
    shortfalls = []
    if not threshold.accepted_if_taken_in_uk:
        if evidence.taken_in_uk:
            shortfalls.append(f"HCPC does not accept a {label} taken in the UK.")
        elif evidence.taken_in_uk is None:
            shortfalls.append(
                f"Say whether the test was taken in the UK: HCPC does not accept a {label} "
                "taken there."
            )
    shortfalls += _score_shortfalls(evidence, threshold)
    to_confirm = []
    if not threshold.confirmed:
        to_confirm.append(
            f"The {label} figures held here are to be confirmed by an administrator against "
            "HCPC's published requirements."
        )
    expires_on = _expires_on(evidence, threshold)
    return EnglishCheck(
        _status(shortfalls=shortfalls, expires_on=expires_on, to_confirm=to_confirm, today=today),
        shortfalls,
        expires_on,
        threshold,
        needed=_needed(threshold),
        for_profession=for_profession,
        to_confirm=to_confirm,
    )


def _qualification_check(
    evidence: EnglishLanguageEvidence,
    threshold: EnglishThreshold | None,
    qualifying: dict[str, EnglishQualifyingCountry],
    *,
    today: date,
) -> EnglishCheck:
    country = evidence.qualification_country
    listed = qualifying.get(country.code)
    shortfalls, to_confirm = [], []
    if not country:
        shortfalls.append("The country the qualification was gained in is missing.")
    elif listed is None:
        shortfalls.append(
            f"{country.name} is not on HCPC's list of qualifying countries, so a qualification "
            "gained there does not show English on its own. An approved English test is needed: "
            "IELTS Academic, OET or TOEFL iBT."
        )
    elif listed.to_be_checked:
        to_confirm.append(
            f"{country.name} is on the list held here, but an administrator has still to check "
            "it against HCPC's published list of qualifying countries."
        )
    # A qualification never expires, unless an administrator sets a validity for it.
    expires_on = _expires_on(evidence, threshold)
    return EnglishCheck(
        _status(shortfalls=shortfalls, expires_on=expires_on, to_confirm=to_confirm, today=today),
        shortfalls,
        expires_on,
        threshold,
        needed="a primary qualification gained in a country on HCPC's list of qualifying countries",
        to_confirm=to_confirm,
    )


def english_standing(
    candidate: CandidateProfile,
    *,
    today: date,
    evidence: list[EnglishLanguageEvidence] | None = None,
    thresholds: list[EnglishThreshold] | None = None,
) -> EnglishStanding:
    """The recruit's English evidence, newest first, each checked, and the best of it that
    counts `today`: evidence that meets the standard before evidence whose figures are to be
    confirmed, the newest first among equals. A page that has already read the recruit's
    evidence or the thresholds passes them in.

    Queries: the evidence and the thresholds when not given (the thresholds only if there is
    evidence), and the qualifying countries of any qualification among it."""
    if evidence is None:
        evidence = list(EnglishLanguageEvidence.objects.filter(candidate=candidate))
    evidence = sorted(evidence, key=lambda item: (item.test_date, item.pk or 0), reverse=True)
    if not evidence:
        return EnglishStanding([], None)
    if thresholds is None:
        thresholds = list(EnglishThreshold.objects.all())
    countries = {
        item.qualification_country.code
        for item in evidence
        if item.test_type == EnglishTestType.QUALIFICATION and item.qualification_country
    }
    qualifying = (
        {
            row.country.code: row
            for row in EnglishQualifyingCountry.objects.filter(country__in=countries)
        }
        if countries
        else {}
    )
    profession = candidate.profession
    results = [
        EnglishResult(
            item,
            english_check(
                item,
                thresholds=thresholds,
                profession=profession,
                qualifying=qualifying,
                today=today,
            ),
        )
        for item in evidence
    ]
    best = next((r for r in results if r.check.passes), None) or next(
        (r for r in results if r.check.to_be_confirmed), None
    )
    return EnglishStanding(results, best)
