from django import template

from learning.models import GoodPracticeTopic
from learning.rendering import render_markdown

register = template.Library()


@register.filter
def good_practice_label(topic: str) -> str:
    return dict(GoodPracticeTopic.choices).get(topic, "Good-practice guides")


@register.filter
def safe_markdown(text: str):
    """Guide Markdown rendered and sanitised (see learning.rendering)."""
    return render_markdown(text)


# A support role (pastoral.SupportRole value) and the good-practice topic about it.
_ROLE_TOPICS = {
    "buddy": GoodPracticeTopic.BUDDIES,
    "mentor": GoodPracticeTopic.MENTORING,
    "preceptor": GoodPracticeTopic.INDUCTION_PRECEPTORSHIP,
}


@register.filter
def role_good_practice_topic(role: str) -> str:
    return _ROLE_TOPICS.get(role or "", "")
