import struct
import zlib
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from candidates.models import (
    BarrierReport,
    BarrierTheme,
    CandidateProfile,
    EnglishLanguageEvidence,
    EnglishTestType,
    EvidenceDocument,
    Pathway,
    Profession,
    RegistrationStep,
    Severity,
)
from candidates.services import registration_start
from portal.demo import DemoWorld, demo_user
from portal.uploads import private_upload_path

# (email, name, ODS code, profession slug, country of training, nationality, pathway)
RECRUITS = [
    ("anjali@example.com", "Anjali Menon", "RJ1", "physiotherapist", "IN", "IN", Pathway.OVERSEAS),
    ("jose@example.com", "Jose Santos", "RJ1", "radiographer", "PH", "PH", Pathway.OVERSEAS),
    (
        "amal@example.com",
        "Amal Haddad",
        "RJ1",
        "speech-and-language-therapist",
        "SY",
        "SY",
        Pathway.REFUGEE_IN_UK,
    ),
    (
        "chidi@example.com",
        "Chidi Obi",
        "RX1",
        "occupational-therapist",
        "ZA",
        "ZA",
        Pathway.OVERSEAS,
    ),
    ("mei@example.com", "Mei Tan", "RX1", "dietitian", "AU", "MY", Pathway.UK_RESIDENT),
    ("lucas@example.com", "Lucas Pereira", "RK9", "paramedic", "BR", "BR", Pathway.OVERSEAS),
    ("farah@example.com", "Farah Yousef", "RK9", "podiatrist", "AF", "AF", Pathway.REFUGEE_IN_UK),
]

S = RegistrationStep.Status
# Per recruit: (step key, status, started days ago, finished days ago). Steps not named stay
# not started. Anjali's assessment is late against HCPC's 60 working days; Amal must answer
# HCPC's request for further information.
PROGRESS = {
    "anjali@example.com": [
        ("application", S.DONE, 130, 125),
        ("scrutiny_fee", S.DONE, 125, 124),
        ("initial_review", S.DONE, 124, 100),
        ("assessment", S.WAITING, 100, None),
    ],
    "jose@example.com": [
        ("application", S.DONE, 30, 24),
        ("scrutiny_fee", S.DONE, 24, 22),
        ("initial_review", S.WAITING, 22, None),
    ],
    "amal@example.com": [
        ("application", S.DONE, 75, 60),
        ("initial_review", S.DONE, 60, 35),
        ("assessment", S.WAITING, 35, None),
        ("further_information", S.NEEDS_ACTION, 4, None),
    ],
    "chidi@example.com": [("application", S.IN_PROGRESS, 8, None)],
    "mei@example.com": [
        ("application", S.DONE, 200, 196),
        ("scrutiny_fee", S.DONE, 196, 195),
        ("initial_review", S.DONE, 195, 170),
        ("assessment", S.DONE, 170, 95),
        ("further_information", S.NOT_NEEDED, None, None),
        ("decision", S.DONE, 95, 90),
        ("registration_fee", S.DONE, 90, 88),
        ("registered", S.DONE, 88, 80),
    ],
    "lucas@example.com": [],
    "farah@example.com": [
        ("application", S.DONE, 25, 20),
        ("initial_review", S.WAITING, 20, None),
    ],
}

REGISTRATION = {
    "anjali@example.com": ("AN482913", "", ""),
    "jose@example.com": ("JS774120", "", ""),
    "amal@example.com": ("AH305518", "", ""),
    "mei@example.com": ("MT118204", "successful", "DT045129"),
    "farah@example.com": ("FY660731", "", ""),
}

# (email, test, days ago, overall, listening, reading, writing, speaking)
ENGLISH = [
    ("anjali@example.com", EnglishTestType.IELTS, 300, "7.5", "8.0", "7.0", "7.0", "7.5"),
    ("jose@example.com", EnglishTestType.IELTS, 200, "7.0", "7.5", "7.0", "6.5", "7.0"),
    # Below the speech and language therapists' 8.0 / 7.5 bar.
    ("amal@example.com", EnglishTestType.IELTS, 150, "7.5", "8.0", "7.5", "7.0", "7.5"),
    # OET has no overall score: its total (1,460) is stored in its place.
    ("chidi@example.com", EnglishTestType.OET, 90, "1460", "380", "360", "350", "370"),
    ("farah@example.com", EnglishTestType.IELTS, 800, "7.0", "7.0", "7.0", "6.5", "7.0"),
]

# (email, kind, file name, status, reason)
DOCUMENTS = [
    (
        "anjali@example.com",
        EvidenceDocument.Kind.QUALIFICATION,
        "BPT-degree-certificate.pdf",
        EvidenceDocument.Status.ACCEPTED,
        "",
    ),
    (
        "anjali@example.com",
        EvidenceDocument.Kind.IDENTITY,
        "passport-photo-page.png",
        EvidenceDocument.Status.SUBMITTED,
        "",
    ),
    (
        "amal@example.com",
        EvidenceDocument.Kind.COURSE_INFORMATION,
        "course-information-form.pdf",
        EvidenceDocument.Status.REPLACEMENT_REQUESTED,
        "The form must be signed by the university; this copy has no signature.",
    ),
    (
        "jose@example.com",
        EvidenceDocument.Kind.QUALIFICATION,
        "BSRT-diploma.pdf",
        EvidenceDocument.Status.SUBMITTED,
        "",
    ),
]

# (email, theme, description, severity, days ago, resolved days ago, resolution)
BARRIERS = [
    (
        "amal@example.com",
        BarrierTheme.HCPC_REGISTRATION,
        "My university in Syria cannot sign the course information form.",
        Severity.HIGH,
        40,
        None,
        "",
    ),
    (
        "anjali@example.com",
        BarrierTheme.NHS_SYSTEM_KNOWLEDGE,
        "Unsure which references HCPC accepts from my previous hospital.",
        Severity.LOW,
        120,
        110,
        "Manager explained official email domains; references resent.",
    ),
    (
        "farah@example.com",
        BarrierTheme.LANGUAGE,
        "My IELTS result is more than two years old.",
        Severity.MEDIUM,
        15,
        None,
        "",
    ),
]


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying `title`, with a correct cross-reference table."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def demo_png(width: int = 8, height: int = 8) -> bytes:
    """A small solid NHS-blue PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + b"\x00\x5e\xb8" * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _d(value):
    return Decimal(value) if value is not None else None


def seed(world: DemoWorld) -> None:
    today = timezone.localdate()
    for email, name, ods_code, slug, trained_in, nationality, pathway in RECRUITS:
        user = demo_user(email=email, full_name=name, role=User.Role.RECRUIT)
        reference, outcome, number = REGISTRATION.get(email, ("", "", ""))
        profile, _ = CandidateProfile.objects.update_or_create(
            user=user,
            defaults={
                "organisation": world.organisations[ods_code],
                "profession": Profession.objects.get(slug=slug),
                "country_of_training": trained_in,
                "nationality": nationality,
                "pathway": pathway,
                "hcpc_reference": reference,
                "decision_outcome": outcome,
                "registration_number": number,
            },
        )
        registration_start(candidate=profile)
        _seed_progress(profile, PROGRESS.get(email, []), today)
        world.recruits[email] = profile
        world.logins.append(
            (email, f"recruit: {profile.profession}, {profile.get_pathway_display()}", "")
        )

    for email, test, days_ago, overall, *elements in ENGLISH:
        listening, reading, writing, speaking = (_d(v) for v in elements)
        EnglishLanguageEvidence.objects.update_or_create(
            candidate=world.recruits[email],
            test_type=test,
            defaults={
                "test_date": today - timedelta(days=days_ago),
                "overall": _d(overall),
                "listening": listening,
                "reading": reading,
                "writing": writing,
                "speaking": speaking,
            },
        )

    for email, kind, file_name, status, reason in DOCUMENTS:
        _seed_document(world, email, kind, file_name, status, reason)

    for email, theme, description, severity, days_ago, resolved_ago, resolution in BARRIERS:
        profile = world.recruits[email]
        BarrierReport.objects.update_or_create(
            candidate=profile,
            theme=theme,
            description=description,
            defaults={
                "severity": severity,
                "occurred_on": today - timedelta(days=days_ago),
                "resolved_on": today - timedelta(days=resolved_ago) if resolved_ago else None,
                "resolution": resolution,
                "reported_by": profile.user,
            },
        )


def _seed_progress(profile: CandidateProfile, progress: list, today) -> None:
    steps = {
        step.template.key: step
        for step in RegistrationStep.objects.filter(candidate=profile, round=1).select_related(
            "template"
        )
    }
    for key, status, started_ago, finished_ago in progress:
        step = steps[key]
        step.status = status
        step.started_on = today - timedelta(days=started_ago) if started_ago is not None else None
        step.finished_on = (
            today - timedelta(days=finished_ago) if finished_ago is not None else None
        )
        step.due_on = step.template.due_on(step.started_on)
        step.save()


def _seed_document(world, email, kind, file_name, status, reason) -> None:
    profile = world.recruits[email]
    if EvidenceDocument.objects.filter(candidate=profile, original_name=file_name).exists():
        return
    if file_name.endswith(".png"):
        mime, content = "image/png", demo_png()
    else:
        mime, content = "application/pdf", demo_pdf(f"{profile}: {file_name}")
    manager = next(
        (
            user
            for user in world.staff.values()
            if user.memberships.filter(organisation=profile.organisation, role="manager").exists()
        ),
        None,
    )
    uploaded_at = timezone.now() - timedelta(days=12)
    reviewed = status != EvidenceDocument.Status.SUBMITTED
    document = EvidenceDocument(
        candidate=profile,
        uploaded_at=uploaded_at,
        kind=kind,
        original_name=file_name,
        mime=mime,
        size=len(content),
        uploaded_by=profile.user,
        status=status,
        review_reason=reason,
        reviewed_by=manager if reviewed else None,
        reviewed_at=uploaded_at + timedelta(days=2) if reviewed else None,
        step=RegistrationStep.objects.filter(
            candidate=profile, template__key="application"
        ).first(),
    )
    document.file.save(
        private_upload_path(f"registration/{profile.pk}", mime), ContentFile(content), save=False
    )
    document.save()
