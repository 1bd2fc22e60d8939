"""The shared journey timeline: each app contributes dated entries about one recruit.

candidates (registration steps, documents, barriers), pastoral (assignments, check-ins, pulses)
and onboarding (tasks) each expose a selector returning `TimelineEntry` items, and onboarding's
timeline page merges them, newest first.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # "registration", "document", "barrier", "task", "pastoral", ...
    title: str
    detail: str = ""
    actor: str = ""  # who did it, as a display name
    url: str = ""  # where the item lives, if the viewer may open it
