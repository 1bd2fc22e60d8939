"""What each app tells the privacy app about one person's rows (see `privacy.selectors`)."""

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class PersonalRows:
    """One model's rows about a person: exported whole; on erasure, the free-text and
    identifying `erase` fields are cleared, the `files` deleted from storage, and the rows
    themselves deleted only when nothing in them feeds an aggregate figure."""

    rows: QuerySet
    erase: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    delete_on_erasure: bool = False

    @property
    def label(self) -> str:
        return self.rows.model._meta.label
