"""A fake of the outside world: a mail server that writes messages to files, and that a test
can tell (through files, so it works across worker processes) to fail or to hang.

- `<EMAIL_FILE_PATH>/fail-times` holding N: the next N sends raise SMTPServerDisconnected.
- `<EMAIL_FILE_PATH>/hang-once`: the first send writes its process id to `hanging.pid`, removes
  this file and sleeps (so the test can kill the worker mid-delivery).
Every message is written to its own file (`*.eml`) in EMAIL_FILE_PATH.
"""

import os
import smtplib
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def outbox_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def _take_failure(folder: Path) -> bool:
    control = folder / "fail-times"
    lock = folder / "fail-times.lock"
    for _ in range(200):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            time.sleep(0.01)
            continue
        try:
            if not control.exists():
                return False
            remaining = int(control.read_text() or 0)
            if remaining <= 0:
                return False
            control.write_text(str(remaining - 1))
            return True
        finally:
            os.close(fd)
            lock.unlink()
    return False


class ControlledFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        hang = folder / "hang-once"
        try:
            hang.unlink()
        except FileNotFoundError:
            pass
        else:
            (folder / "hanging.pid").write_text(str(os.getpid()))
            time.sleep(60)
        if _take_failure(folder):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed (test)")
        for message in email_messages:
            name = folder / f"{uuid.uuid4().hex}.eml"
            name.write_bytes(message.message().as_bytes())
        return len(email_messages)


def sent_messages(folder: Path) -> list[str]:
    return [path.read_text() for path in sorted(folder.glob("*.eml"))]
