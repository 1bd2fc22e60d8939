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
