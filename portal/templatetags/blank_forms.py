"""`{{ form|crispy_blank }}`: the same as `{{ form|crispy }}`, kept once rendered while the form
is blank.

A blank form whose fields and choices never change renders to the same HTML on every page
(crispy costs a few milliseconds a form), so each worker renders it once. Only forms that say so
(`renders_same_when_blank = True`: no choices read from the database, nothing that depends on
who asks) are kept; any other form, and any bound one, is rendered as `|crispy` renders it.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import template
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple, str] = {}


@register.filter
def crispy_blank(form):
    if form.is_bound or not getattr(form, "renders_same_when_blank", False):
        return as_crispy_form(form)
    key = (
        type(form),
        form.prefix,
        form.auto_id,
        tuple(sorted(form.initial.items())),
        get_language(),
    )
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = as_crispy_form(form)
    return html
