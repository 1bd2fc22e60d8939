"""The five dashboards. Each builder takes a `Scope` and returns raw tables; the views apply
disclosure control (`insights.disclosure.protect_table`) before anything is shown or exported."""

from collections.abc import Callable
from dataclasses import dataclass

from insights.dashboards import barriers, ethics, pipeline, support, timing
from insights.disclosure import RawTable
from insights.scope import Scope


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str
    lead: str
    build: Callable[[Scope], list[RawTable]]


DASHBOARDS = {
    dashboard.slug: dashboard
    for dashboard in [
        Dashboard(
            "pipeline",
            "Pipeline",
            "How many recruits reached each stage, from offer to 12 months in post.",
            pipeline.build,
        ),
        Dashboard(
            "time",
            "Time to registration",
            "How long each HCPC step takes, and offer to registration, against HCPC's targets.",
            timing.build,
        ),
        Dashboard(
            "barriers",
            "Barriers",
            "Barriers recruits reported, by theme, over time, by profession and region.",
            barriers.build,
        ),
        Dashboard(
            "support",
            "Support",
            "Buddies, check-ins, onboarding completion and how recruits say they are doing.",
            support.build,
        ),
        Dashboard(
            "ethics",
            "Ethical recruitment",
            "Where recruits trained, and recruitment against the Code of Practice lists.",
            ethics.build,
        ),
    ]
}
