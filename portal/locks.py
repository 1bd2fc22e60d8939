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


def lock_table_writes_until_commit(table: str) -> None:
    """Keep every other transaction from writing `table` until this one ends (reading it goes
    on). Taken before a whole table of counts is made again, so that a recount of part of it
    (under `lock_until_commit`) either committed before, and is seen, or waits and then sees
    the new rows. Nothing on SQLite, which lets one writer in at a time anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN EXCLUSIVE MODE")
