"""Querysets whose SQL is compiled once per worker and run with each call's values.

On the busiest pages, building a queryset and compiling it to SQL can cost the ORM more than
PostgreSQL takes to run it, though the SQL is the same from one request to the next apart from a
few values: whose page it is, today's date. `CompiledOnce` builds the queryset once per *shape*
(whatever changes its SQL text: a filter chosen, a sort) with stand-in values, compiles it, notes
which parameters are the stand-ins, and then serves each call that SQL with the call's own
values in their place, adapted for the database as the ORM adapts them. On PostgreSQL the
statement is also planned once per connection (`portal.prepared`).

Stand-ins must be values that neither a real call nor the query's own constants use (negative
ids, a day in 1900), as a parameter equal to a stand-in is taken for it; a stand-in the shape
does not use is simply not found. Compiling refuses two stand-ins that are equal. Tests of each
user compare the SQL and parameters with a fresh compile of the real values.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

from portal.prepared import prepared


def adapted(ops, value: Any) -> Any:
    """`value` as the ORM passes it to the database as a parameter (dates and datetimes are
    strings on SQLite, for one)."""
    if isinstance(value, datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return ops.adapt_datefield_value(value)
    return value


@dataclass(frozen=True)
class _Compiled:
    compiler: SQLCompiler
    sql: str
    params: tuple
    slots: tuple  # per parameter: the stand-in's name, or None for a constant


class CompiledOnce:
    """`build(shape, values)` gives the queryset for one shape and values (a dict by name);
    `stand_ins` are the values it is compiled with, a dict or, where they depend on the shape,
    a function of the shape giving one. `sql(shape, values)` gives the SQL and parameters for
    `values`, compiled from `build(shape, stand_ins)` the first time the shape is asked for;
    `rows` and `objects` run it and turn the values into Python as Django's own evaluation of
    the queryset would."""

    def __init__(
        self,
        build: Callable[[Hashable, dict], QuerySet],
        stand_ins: dict | Callable[[Hashable], dict],
    ):
        self.build = build
        self.stand_ins = stand_ins
        self._compiled: dict[tuple, _Compiled] = {}

    def _for(self, shape: Hashable, using: str) -> _Compiled:
        key = (using, shape)
        if key not in self._compiled:
            stand_ins = self.stand_ins(shape) if callable(self.stand_ins) else self.stand_ins
            queryset = self.build(shape, stand_ins)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            ops = connections[using].ops
            wanted = {name: adapted(ops, value) for name, value in stand_ins.items()}
            slots = tuple(_slot(param, wanted) for param in params)
            self._compiled[key] = _Compiled(compiler, sql, tuple(params), slots)
        return self._compiled[key]

    def sql(self, shape: Hashable, values: dict, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list]:
        compiled = self._for(shape, using)
        ops = connections[using].ops
        params = [
            param if name is None else adapted(ops, values[name])
            for param, name in zip(compiled.params, compiled.slots, strict=True)
        ]
        return compiled.sql, params

    def _fetched(self, shape: Hashable, values: dict, using: str) -> list:
        statement, params = prepared(*self.sql(shape, values, using), using)
        with connections[using].cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    def rows(self, shape: Hashable, values: dict, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        fetched = self._fetched(shape, values, using)
        compiler = self._for(shape, using).compiler
        return [tuple(row) for row in compiler.results_iter([fetched])]

    def objects(self, shape: Hashable, values: dict, using: str = DEFAULT_DB_ALIAS) -> list:
        """Model instances, as iterating the queryset would give them: its fields, the
        objects of its `select_related` and its annotations (Django's ModelIterable)."""
        compiler = self._for(shape, using).compiler
        if not compiler.query.default_cols:
            raise TypeError("objects() is for querysets of model instances, not values()")
        fetched = self._fetched(shape, values, using)
        select, klass_info = compiler.select, compiler.klass_info
        model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        related_populators = get_related_populators(klass_info, select, using)
        instances = []
        for row in compiler.results_iter([fetched]):
            instance = model.from_db(using, init_list, row[start:end])
            for populator in related_populators:
                populator.populate(row, instance)
            for name, position in compiler.annotation_col_map.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances

    def compiled_query(self, shape: Hashable, using: str = DEFAULT_DB_ALIAS):
        """The query the shape was compiled from (its selected columns, say)."""
        return self._for(shape, using).compiler.query


def _slot(param: Any, wanted: dict) -> str | None:
    names = [name for name, value in wanted.items() if _same(param, value)]
    if len(names) > 1:
        raise ValueError(f"Stand-ins {names} are equal: give each a value of its own")
    return names[0] if names else None


def _same(param: Any, value: Any) -> bool:
    # 1 == True and 0 == False: a stand-in must match in type too, or a flag would pass for it.
    return type(param) is type(value) and param == value
