"""For lists whose every row holds a small form (mark as done, comment)."""

from django import template
from django.template.defaulttags import CsrfTokenNode

register = template.Library()

_CACHE_KEY = "row_forms.csrf_token"


class RowCsrfTokenNode(CsrfTokenNode):
    def render(self, context):
        # The token is the same all through one page: built once per template render.
        rendered = context.render_context.get(_CACHE_KEY)
        if rendered is None:
            rendered = context.render_context[_CACHE_KEY] = super().render(context)
        return rendered


@register.tag
def row_csrf_token(parser, token):
    """`{% csrf_token %}` for a form repeated down a long list."""
    return RowCsrfTokenNode()
