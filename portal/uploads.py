"""Private evidence files: checked by content, size-limited, renamed, served only after a check.

Every app that takes uploads (registration documents, CPD evidence) uses these two functions,
so the rules live in one place.
"""

import mimetypes
import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

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
    return kind.mime


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
