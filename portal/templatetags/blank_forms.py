"""`{{ form|crispy_blank }}`: the same as `{{ form|crispy }}`, kept once rendered while the form
is blank.

A blank form whose fields and choices never change renders to the same HTML on every page
(crispy costs a few milliseconds a form), so each worker renders it once. Only forms that say so
(`renders_same_when_blank = True`: nothing that depends on who asks) are kept; any other form,
and any bound one, is rendered as `|crispy` renders it. A form whose choices come from the
database says what they are now in `blank_render_key()`, which becomes part of the key: the
same choices, the same HTML. The kept renderings are bounded (the oldest goes first).
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import template
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple, str] = {}
KEPT_RENDERINGS = 256


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
        form.blank_render_key() if hasattr(form, "blank_render_key") else None,
    )
    html = _rendered.get(key)
    if html is None:
        html = as_crispy_form(form)
        if len(_rendered) >= KEPT_RENDERINGS:
            del _rendered[next(iter(_rendered))]
        _rendered[key] = html
    return html
