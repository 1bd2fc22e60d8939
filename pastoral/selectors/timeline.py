"""A recruit's pastoral timeline: assignments, check-ins, pulses and introductions, without
notes or comments."""

from datetime import date, datetime, time

from django.db import models
from django.utils import timezone

from candidates.models import BarrierTheme, CandidateProfile
from pastoral.models import (
    CheckIn,
    CheckInFormat,
    NetworkIntroduction,
    NetworkKind,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
)
from portal.timeline import TimelineEntry, name_of, rows_of_sources


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


# A row of the pastoral timeline: an assignment, a check-in, a pulse or an introduction.
_TIMELINE_COLUMNS = {
    "pk": models.IntegerField,
    "code": models.CharField,  # an assignment's role (a check-in's too)
    "code_2": models.CharField,  # a check-in's format, a network's kind
    "label": models.CharField,  # the supporter's name, a network's name
    "by": models.CharField,  # who made the assignment
    "at": models.DateTimeField,  # an assignment's start, a pulse's answer
    "end_at": models.DateTimeField,  # an assignment's end, a check-in's logging
    "day": models.DateField,  # a check-in's date, a pulse's period, an introduction's date
    "topic_codes": models.JSONField,  # a check-in's
    "low": models.BooleanField,  # a pulse's, and its three scores
    "score_1": models.IntegerField,
    "score_2": models.IntegerField,
    "score_3": models.IntegerField,
}


_SOURCE_ORDER = {"assignment": 0, "check_in": 1, "pulse": 2, "introduction": 3}
_ROLES = dict(SupportRole.choices)
_FORMATS = dict(CheckInFormat.choices)
_NETWORK_KINDS = dict(NetworkKind.choices)
_TOPICS = dict(BarrierTheme.choices)


def _newest_first(row: dict) -> tuple:
    """Within each source, the order its entries were always listed in (assignments by start,
    check-ins by date then logging, pulses by period, introductions by date; newest first)."""
    source = row["source"]
    if source == "assignment":
        key = (-row["at"].timestamp(), -row["pk"])
    elif source == "check_in":
        key = (-row["day"].toordinal(), -row["end_at"].timestamp(), -row["pk"])
    else:
        key = (-row["day"].toordinal(), -row["pk"])
    return (_SOURCE_ORDER[source], *key)


def _pastoral_timeline_sources(candidate_id: int) -> dict:
    return {
        "assignment": (
            SupportAssignment.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "code": "role",
                "label": name_of("staff"),
                "by": name_of("assigned_by"),
                "at": "started_at",
                "end_at": "ended_at",
            },
        ),
        "check_in": (
            CheckIn.objects.filter(assignment__candidate_id=candidate_id),
            {
                "pk": "pk",
                "code": "assignment__role",
                "code_2": "format",
                "label": name_of("assignment__staff"),
                "end_at": "created_at",
                "day": "held_on",
                "topic_codes": "topics",
            },
        ),
        "pulse": (
            WellbeingPulse.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "at": "submitted_at",
                "day": "period_start",
                "low": "is_low",
                "score_1": "belonging",
                "score_2": "wellbeing",
                "score_3": "supported",
            },
        ),
        "introduction": (
            NetworkIntroduction.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "code_2": "network__kind",
                "label": "network__name",
                "day": "introduced_on",
            },
        ),
    }


def pastoral_timeline(candidate: CandidateProfile) -> list[TimelineEntry]:
    """Assignments, check-ins (without notes), pulses (without comment) and introductions.
    One query."""
    rows = rows_of_sources(_TIMELINE_COLUMNS, _pastoral_timeline_sources(candidate.pk))
    rows.sort(key=_newest_first)
    entries = []
    for row in rows:
        source = row["source"]
        if source == "assignment":
            role = _ROLES.get(row["code"], row["code"]).lower()
            entries.append(
                TimelineEntry(
                    when=row["at"],
                    kind="pastoral",
                    title=f"{row['label']} became {role}",
                    actor=row["by"] or "",
                )
            )
            if row["end_at"]:
                entries.append(
                    TimelineEntry(
                        when=row["end_at"],
                        kind="pastoral",
                        title=f"{row['label']} stopped being {role}",
                    )
                )
        elif source == "check_in":
            role = _ROLES.get(row["code"], row["code"]).lower()
            topics = [_TOPICS.get(topic, topic) for topic in row["topic_codes"]]
            entries.append(
                TimelineEntry(
                    when=_noon(row["day"]),
                    kind="pastoral",
                    title=f"Check-in with {role}",
                    detail=", ".join([_FORMATS.get(row["code_2"], row["code_2"]), *topics]),
                    actor=row["label"],
                )
            )
        elif source == "pulse":
            entries.append(
                TimelineEntry(
                    when=row["at"],
                    kind="pastoral",
                    title="Wellbeing pulse answered" + (" (low score)" if row["low"] else ""),
                    detail=(
                        f"Belonging {row['score_1']}, wellbeing {row['score_2']}, "
                        f"supported {row['score_3']}"
                    ),
                )
            )
        else:
            entries.append(
                TimelineEntry(
                    when=_noon(row["day"]),
                    kind="pastoral",
                    title=f"Introduced to {row['label']}",
                    detail=_NETWORK_KINDS.get(row["code_2"], row["code_2"]),
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
