from django import template

register = template.Library()

# Widgets whose first input carries a numbered id (radios, checkbox groups, date parts).
_GROUPED = {"radioselect", "checkboxselectmultiple", "nhsdate"}


@register.filter
def error_anchor(bound_field) -> str:
    """The id the error summary links to: the first input of the field."""
    if bound_field.widget_type in _GROUPED:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def describedby(bound_field) -> str:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def nhsuk_widget(bound_field, css_class: str):
    """Render a field's widget with NHS.UK classes and aria-describedby for its hint and error."""
    attrs = {}
    existing = bound_field.field.widget.attrs.get("class", "")
    attrs["class"] = f"{css_class} {existing}".strip()
    ids = describedby(bound_field)
    if ids:
        attrs["aria-describedby"] = ids
    return bound_field.as_widget(attrs=attrs)
