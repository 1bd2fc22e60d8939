"""Rows made for the templates of long lists."""


class TemplateRow:
    """A row whose fields Django's templates read quickly: they try `row[name]` before
    `row.name`, and answering it spares the page an exception caught for every cell."""

    def __getitem__(self, name: str):
        return getattr(self, name)
