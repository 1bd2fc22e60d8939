"""URLs for the rows of long lists, built without reversing once per row."""

from collections.abc import Callable

from django.urls import reverse

# Reversed in place of an id, then replaced by each row's id: digits no real route holds twice.
_MARKER = "918273645"


def url_maker(name: str) -> Callable[[int], str]:
    """A function of an id giving the URL `name` reverses to with that one argument, the same
    as `reverse(name, args=[id])`: the pattern is reversed once per page instead of once per
    row."""
    prefix, suffix = reverse(name, args=[_MARKER]).split(_MARKER)
    return lambda pk: f"{prefix}{pk}{suffix}"
