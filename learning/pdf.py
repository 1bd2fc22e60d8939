"""The CPD profile as a PDF, laid out for an HCPC CPD audit. Built from one recruit's
`CpdProfile` only, so nothing of anyone else's can reach it."""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from learning.models import format_hours
from learning.selectors import CpdProfile

STANDARDS = [
    "1. Maintain a continuous, up-to-date and accurate record of CPD activities.",
    "2. Demonstrate that CPD activities are a mixture of learning activities relevant to current "
    "or future practice.",
    "3. Seek to ensure that CPD has contributed to the quality of practice and service delivery.",
    "4. Seek to ensure that CPD benefits the service user.",
    "5. Upon request, present a written profile explaining how the standards have been met.",
]


def _para(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def cpd_profile_pdf(profile: CpdProfile) -> bytes:
    styles = getSampleStyleSheet()
    body, heading, title = styles["BodyText"], styles["Heading2"], styles["Title"]
    candidate = profile.candidate
    story = [
        _para("CPD profile", title),
        _para(f"Name: {candidate.user.get_full_name()}", body),
        _para(f"Profession: {candidate.profession or 'Not recorded'}", body),
    ]
    if profile.renewal_date:
        story.append(_para(f"Next registration renewal: {profile.renewal_date:%-d %B %Y}", body))
    else:
        story.append(_para("Next registration renewal: check with your regulator", body))
    story += [
        _para(f"Activities recorded: {len(profile.activities)}", body),
        _para(f"Total hours: {format_hours(profile.total_hours)}", body),
        Spacer(1, 4 * mm),
        _para("HCPC standards for CPD", heading),
        *[_para(line, body) for line in STANDARDS],
        Spacer(1, 4 * mm),
        _para("Mix of learning activities", heading),
    ]
    if profile.hours_by_type:
        rows = [["Type of activity", "Hours"]] + [
            [label, format_hours(hours)] for label, hours in profile.hours_by_type
        ]
        table = Table(rows, colWidths=[120 * mm, 30 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ]
            )
        )
        story.append(table)
    else:
        story.append(_para("No activities recorded yet.", body))
    story.append(_para("Activities", heading))
    for activity in profile.activities:
        story += [
            _para(
                f"{activity.date:%-d %B %Y} – {activity.title}",
                styles["Heading3"],
            ),
            _para(
                f"Type: {activity.get_activity_type_display()}. "
                f"Hours: {format_hours(activity.hours)}.",
                body,
            ),
            _para(f"What I learned: {activity.learned}", body),
            _para(
                "How it changed my practice and benefited service users: "
                f"{activity.practice_change}",
                body,
            ),
        ]
        names = [evidence.original_name for evidence in activity.evidence.all()]
        if names:
            story.append(_para(f"Evidence: {', '.join(names)}", body))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title="CPD profile",
        author=candidate.user.get_full_name(),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    ).build(story)
    return buffer.getvalue()
