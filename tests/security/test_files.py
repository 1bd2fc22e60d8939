"""Uploads are judged by their content and size; stored files are never public."""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reportlab.pdfgen import canvas

from portal.uploads import private_file_response, private_upload_path, validate_evidence_file
from tests.factories import enrol_totp
from tests.signin import sign_in


def _pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Certificate of qualification")
    page.save()
    return buffer.getvalue()


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"\x80\x00\x00\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("certificate.pdf", _pdf(), "application/pdf"),
        ("passport.jpg", _image("JPEG"), "image/jpeg"),
        ("passport.jpeg", _image("JPEG"), "image/jpeg"),
        ("scan.png", _image("PNG"), "image/png"),
    ],
)
def test_validate_evidence_file_accepts_real_documents(name, content, mime):
    assert validate_evidence_file(SimpleUploadedFile(name, content)) == mime


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("certificate.pdf", ELF, "bad_type"),
        ("certificate.pdf", PE, "bad_type"),
        ("certificate.pdf", b"#!/bin/sh\nrm -rf /\n", "bad_type"),
        ("certificate.pdf", b"<html><script>alert(1)</script></html>", "bad_type"),
        ("certificate.pdf", _image("PNG"), "mismatch"),
        ("photo.png", _pdf(), "mismatch"),
        ("empty.pdf", b"", "empty"),
    ],
    ids=["elf-as-pdf", "pe-as-pdf", "script", "html", "png-as-pdf", "pdf-as-png", "empty"],
)
def test_validate_evidence_file_refuses_by_content(name, content, code):
    with pytest.raises(ValidationError) as refused:
        validate_evidence_file(SimpleUploadedFile(name, content))

    assert refused.value.code == code


ELF_AS_PDF = b"%PDF-1.7\n" + ELF
PE_AS_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + PE


def _broken_png() -> bytes:
    png = bytearray(_image("PNG"))
    png[-20] ^= 0xFF  # a byte of the image data: its checksum no longer matches
    return bytes(png)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("certificate.pdf", ELF_AS_PDF),
        ("certificate.pdf", PE_AS_PDF),
        ("certificate.pdf", _pdf()[: len(_pdf()) // 2]),
        ("certificate.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        ("passport.png", _broken_png()),
        ("passport.png", _image("PNG")[:40]),
        ("passport.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + ELF),
    ],
    ids=[
        "elf-behind-pdf-header",
        "pe-behind-pdf-header",
        "half-a-pdf",
        "pdf-without-pages",
        "png-bad-checksum",
        "png-header-only",
        "elf-behind-jpeg-header",
    ],
)
def test_validate_evidence_file_refuses_what_does_not_open_as_its_type(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_evidence_file(SimpleUploadedFile(name, content))

    assert refused.value.code == "damaged"
    kind = name.rsplit(".", 1)[1].upper()
    assert refused.value.message == (
        f"The selected file is not a readable {kind}: it may be damaged "
        "or only partly saved. Open it on your device to check, then save or scan it again."
    )


def test_polyglot_upload_is_refused_through_the_page(client_for, candidate):
    from candidates.models import EvidenceDocument

    response = client_for(candidate.user).post(
        reverse("candidates:document-upload", args=[candidate.pk]),
        {"kind": "qualification", "file": SimpleUploadedFile("degree.pdf", ELF_AS_PDF)},
    )

    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert error.startswith("The selected file is not a readable PDF")
    assert not EvidenceDocument.objects.filter(candidate=candidate).exists()


def test_validate_evidence_file_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("certificate.pdf", _pdf())

    validate_evidence_file(upload)

    assert upload.tell() == 0


def test_validate_evidence_file_refuses_oversize(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    content = _pdf() + b"%" * 2048

    with pytest.raises(ValidationError) as refused:
        validate_evidence_file(SimpleUploadedFile("big.pdf", content))

    assert refused.value.code == "too_large"


def test_private_upload_path_reveals_nothing_of_the_original_name():
    name = private_upload_path("evidence", "application/pdf")

    assert name.startswith("evidence/")
    assert name.endswith(".pdf")
    assert len(name.removeprefix("evidence/").removesuffix(".pdf")) == 32


def test_private_file_response_is_a_no_store_nosniff_attachment():
    content = _pdf()
    stored = default_storage.save(
        private_upload_path("evidence", "application/pdf"), io.BytesIO(content)
    )

    response = private_file_response(
        default_storage.open(stored), download_name="../../etc/passwd.pdf", mime="application/pdf"
    )

    assert response["Content-Disposition"] == 'attachment; filename="passwd.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == content
    response.file_to_stream.close()


def test_no_url_serves_the_private_media_folder(client, admin_user):
    stored = default_storage.save("evidence/known-name.pdf", io.BytesIO(_pdf()))
    enrol_totp(admin_user)
    sign_in(client, admin_user)  # past the MFA gate, so each URL is resolved

    for url in (f"/media/{stored}", f"/private/{stored}", f"/var/private/{stored}", f"/{stored}"):
        assert client.get(url).status_code == 404, url
    assert settings.MEDIA_URL in {"", "/"}  # Django's unset default


def test_private_media_is_outside_every_static_folder():
    private = str(default_storage.location)
    public = [str(settings.STATIC_ROOT)] + [
        str(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS
    ]

    assert not any(private.startswith(folder) for folder in public)
