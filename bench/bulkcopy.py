"""Bulk loading with PostgreSQL's COPY: rows stream in as tab-separated text in large chunks.

A `Copier` takes the model and the fields the generator sets; every other concrete column gets
the field's default once (or "now" for auto_now fields), so a migration that adds a column with
a default keeps the bench working.
"""

import io
import json
from datetime import date, datetime

from django.db import connection, models
from django.utils import timezone

CHUNK_ROWS = 100_000


def _text(value) -> str:
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value
    if kind is bool:
        return "t" if value else "f"
    if kind is int or kind is date or kind is datetime:
        return str(value)
    if kind is list or kind is dict:
        return _text(json.dumps(value))
    return str(value)


class Copier:
    def __init__(self, model: type[models.Model], fields: list[str]):
        self.model = model
        self.table = model._meta.db_table
        by_name = {f.name: f for f in model._meta.concrete_fields}
        by_name.update({f.attname: f for f in model._meta.concrete_fields})
        given = [by_name[name] for name in fields]
        now = timezone.now()
        constants = []
        for field in model._meta.concrete_fields:
            if field in given or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.has_default():
                value = field.get_default()
                if isinstance(value, (list, dict)):
                    value = json.dumps(value)
            elif field.null:
                value = None
            elif field.blank and isinstance(field, (models.CharField, models.TextField)):
                value = ""
            else:
                raise ValueError(f"{self.table}.{field.column} needs a value from the generator")
            constants.append((field.column, value))
        self.columns = [f.column for f in given] + [column for column, _ in constants]
        self.suffix = "".join("\t" + _text(value) for _, value in constants)
        self.buffer = io.StringIO()
        self.pending = 0
        self.count = 0

    def add(self, *values) -> None:
        self.buffer.write("\t".join(map(_text, values)))
        self.buffer.write(self.suffix)
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN", self.buffer
            )
        self.count += self.pending
        self.buffer = io.StringIO()
        self.pending = 0

    def close(self) -> int:
        self.flush()
        return self.count


def reset_sequences(*model_classes) -> None:
    """Identity columns were given explicit ids: move each sequence past the highest."""
    with connection.cursor() as cursor:
        for model in model_classes:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]
