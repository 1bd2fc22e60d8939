"""Statements PostgreSQL plans once per connection instead of on every request.

The busiest pages run the same few statements request after request (`portal.compiled`'s, and
the recruits page's hand-written one), and PostgreSQL spent as long planning some of them as
running them: half a millisecond for the recruits page's rows, a millisecond for the journey's
recruit with its joins. `prepared(sql, params)` prepares a statement once on each database
connection (`PREPARE`, with each parameter's type taken from its Python value) and returns the
`EXECUTE` to run in its place, so PostgreSQL keeps the plan for the connection's life.

The `PREPARE` goes to the driver's own cursor: it happens once per connection, not per request,
so it is not one of a request's queries. Inside a transaction it runs under a savepoint, so a
statement PostgreSQL will not prepare leaves the transaction as it was; that statement is then
always run as it is. On other databases (SQLite), and for parameters of a type not listed below
(or None, which has no type), `sql` is returned unchanged.

Prepared statements live in a database session: behind a pooler, use session pooling.
"""

import functools
import hashlib
import logging
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

# In order: bool before int (a bool is an int), datetime before date (a datetime is a date).
_TYPES = (
    (bool, "boolean"),
    (int, "bigint"),
    (float, "double precision"),
    (Decimal, "numeric"),
    (datetime, "timestamptz"),
    (date, "date"),
    (str, "text"),
    (UUID, "uuid"),
)

_refused: set[tuple[str, tuple[str, ...]]] = set()
_PLACEHOLDER = re.compile(r"%%|%s")


def prepared(sql: str, params: Sequence, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list]:
    """The statement to run for `sql` (with `%s` placeholders) and `params`: on PostgreSQL,
    `EXECUTE` of a statement prepared on this connection; elsewhere `sql` itself."""
    params = list(params)
    connection = connections[using]
    if connection.vendor != "postgresql":
        return sql, params
    types = tuple(_type_of(param) for param in params)
    key = (sql, types)
    # A transaction already marked for rollback: the statement is left to fail as Django fails it.
    if None in types or key in _refused or connection.needs_rollback:
        return sql, params
    name = _name_of(key)
    if name not in _prepared_on(connection):
        if not _prepare(connection, name, sql, types):
            _refused.add(key)
            return sql, params
        _prepared_on(connection).add(name)
    if not params:
        return f"EXECUTE {name}", params
    return f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", params


@functools.cache
def _name_of(key: tuple[str, tuple[str, ...]]) -> str:
    """The statement's name: from its text and parameter types, so that every thread and
    process names a statement alike and no two statements share a name."""
    digest = hashlib.blake2b(repr(key).encode(), digest_size=10).hexdigest()
    return f"ahp_prepared_{digest}"


def _type_of(param) -> str | None:
    for python_type, sql_type in _TYPES:
        if isinstance(param, python_type):
            return sql_type
    return None


def _prepared_on(connection) -> set[str]:
    """The names prepared in the connection's current session (a new session after a
    reconnect has none)."""
    connection.ensure_connection()
    session, names = connection.__dict__.get("_prepared_statements", (None, set()))
    if session is not connection.connection:
        names = set()
        connection.__dict__["_prepared_statements"] = (connection.connection, names)
    return names


def _numbered(sql: str) -> str:
    """`%s` placeholders as `$1`, `$2`…, and `%%` as the `%` it stands for."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(replace, sql)


def _prepare(connection, name: str, sql: str, types: tuple[str, ...]) -> bool:
    signature = f" ({', '.join(types)})" if types else ""
    statement = f"PREPARE {name}{signature} AS {_numbered(sql)}"
    guarded = not connection.get_autocommit()  # a failed statement would end the transaction
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        if guarded:
            cursor.execute("SAVEPOINT prepared_statement")
        try:
            cursor.execute(statement)
        except connection.Database.ProgrammingError:
            if guarded:
                cursor.execute("ROLLBACK TO SAVEPOINT prepared_statement")
            logger.warning("PostgreSQL would not prepare %s; it runs unprepared.", name)
            return False
        finally:
            if guarded:
                cursor.execute("RELEASE SAVEPOINT prepared_statement")
    return True
