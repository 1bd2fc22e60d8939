"""Submitting Django admin pages as a browser would, for tests of what an admin's write does."""

from html.parser import HTMLParser

from django.urls import reverse


class _FormFields(HTMLParser):
    """What the page's main form would send: every named input, checked box, selected option
    and textarea."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def admin_change(client, obj, **changes) -> None:
    """Open `obj`'s admin change page, change the named inputs (admin input names: `field`,
    `field_0` for a date-time's date, `steps-0-finished_on` for an inline row's field) and save."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    data = {**parser.data, **{name: str(value) for name, value in changes.items()}}
    data.pop("_saveasnew", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def admin_delete(client, obj) -> None:
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
