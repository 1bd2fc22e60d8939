"""Private evidence files: checked by content, size-limited, renamed, served only after a check.

Every app that takes uploads (registration documents, CPD evidence) uses these two functions,
so the rules live in one place. A file's first bytes say what it claims to be; then it must
open as that: a PDF with pypdf, an image with Pillow. A program with "%PDF-" in front is refused.
"""

import mimetypes
import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from PIL import Image
from pypdf import PdfReader

ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}
ALLOWED_DESCRIPTION = "a PDF, JPEG or PNG"


def validate_evidence_file(upload) -> str:
    """Check an uploaded file by its content; return its real MIME type or raise
    ValidationError with a message for the person uploading it."""
    if upload.size == 0:
        raise ValidationError("The selected file is empty.", code="empty")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        limit_mb = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(
            f"The selected file must be smaller than {limit_mb} MB.", code="too_large"
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            f"The selected file must be {ALLOWED_DESCRIPTION}. This file's content is not "
            "one of those, whatever its name says.",
            code="bad_type",
        )
    claimed, _ = mimetypes.guess_type(upload.name or "")
    if claimed and claimed != kind.mime:
        raise ValidationError(
            f"The file's name says {claimed.split('/')[-1].upper()} but its content is "
            f"{ALLOWED_TYPES[kind.mime].upper()}. Rename it or choose the right file.",
            code="mismatch",
        )
    if not _opens_as(upload, kind.mime):
        raise ValidationError(
            f"The selected file is not a readable {ALLOWED_TYPES[kind.mime].upper()}: it may be "
            "damaged or only partly saved. Open it on your device to check, then save or scan "
            "it again.",
            code="damaged",
        )
    return kind.mime


def _opens_as(upload, mime: str) -> bool:
    """Whether the file opens and reads as the type its first bytes claim."""
    upload.seek(0)
    try:
        if mime == "application/pdf":
            # Not strict: scanners often write slightly wrong offsets that readers forgive.
            return len(PdfReader(upload, strict=False).pages) > 0
        with Image.open(upload) as image:
            image.verify()
            return Image.MIME.get(image.format) == mime
    # Whatever a hostile file makes the parser raise, it is the same answer: not this type.
    except Exception:
        return False
    finally:
        upload.seek(0)


def private_upload_path(prefix: str, mime: str) -> str:
    """A storage name that reveals nothing: `<prefix>/<random>.<ext>`."""
    return f"{prefix}/{uuid.uuid4().hex}.{ALLOWED_TYPES[mime]}"


def private_file_response(field_file, *, download_name: str, mime: str) -> FileResponse:
    """Serve a stored file as an attachment. Call only after the access check."""
    safe_name = PurePath(download_name).name or "evidence"
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=safe_name, content_type=mime
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
