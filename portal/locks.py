"""Transaction-long locks on things that are not rows (PostgreSQL advisory locks)."""

from collections.abc import Iterable

from django.db import connection


def lock_until_commit(kind: int, keys: Iterable[int]) -> None:
    """Hold a lock on each of `keys` (in `kind`'s space, both below 2**31) until the transaction
    ends, taken in order so two callers never wait on each other. Used where a transaction
    counts rows again and must see any other's rows for the same key once that one commits.
    Nothing on SQLite, which lets one writer in at a time anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [kind, key])
