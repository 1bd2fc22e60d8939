"""Data built once for a test module, for worlds too slow to build for every test.

`built_once` makes the data inside a transaction on every database and rolls it back when the
module ends. Each test still runs in its own savepoint on top (the `db` fixture), so what one
test writes is undone before the next.
"""

from collections.abc import Callable, Generator
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import connections, transaction
from django.test.utils import override_settings

T = TypeVar("T")


def fast_test_settings(private_media: Path):
    """What tests/conftest.py sets for every test: a fast password hasher, files in a temporary
    private folder."""
    return override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(private_media), "base_url": None},
            },
        },
    )


def built_once(build: Callable[[], T], django_db_blocker, private_media: Path) -> Generator[T]:
    """For a module-scoped fixture (`yield from built_once(...)`): `build()`'s result, made in a
    transaction rolled back after the module's last test."""
    with django_db_blocker.unblock(), fast_test_settings(private_media):
        atomics = {alias: transaction.atomic(using=alias) for alias in connections}
        for atomic in atomics.values():
            atomic.__enter__()
        try:
            built = build()
        except BaseException:
            _roll_back(atomics)
            raise
    yield built
    with django_db_blocker.unblock():
        _roll_back(atomics)


def _roll_back(atomics: dict) -> None:
    for alias, atomic in reversed(atomics.items()):
        transaction.set_rollback(True, using=alias)
        atomic.__exit__(None, None, None)
