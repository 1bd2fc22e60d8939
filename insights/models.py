"""What insights stores of its own: only the version of the data its dashboards read, so a
cached dashboard is used only while nothing under it has changed."""

from django.db import models


class DataVersion(models.Model):
    """One row (pk 1) whose `version` goes up after every committed write to the apps the
    dashboards read (see `insights.caching`)."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Dashboard data version {self.version}"
