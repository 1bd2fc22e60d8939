import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from candidates.forms import ProfileForm
from insights.forms import DashboardFilterForm
from onboarding.forms import OfferForm
from portal.forms import QuickSelect

CHOICES = [
    ("", "All"),
    ("a", "A & B"),
    (3, 'Say "hi"'),
    ("safe", mark_safe("<b>Already safe</b>")),
    ("lazy", gettext_lazy("All regions")),
    ("Group <1>", [("g1", "G1"), ("g2", "<G2>")]),
]


@pytest.mark.parametrize("value", [None, "", "a", 3, "g2", "missing"])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_f", "aria-describedby": "f-hint f-error"},
        {"class": "nhsuk-select", "disabled": True, "hidden": False, "data-x": 'a"b'},
    ],
)
def test_quick_select_writes_what_djangos_select_writes(value, attrs):
    django_select = forms.Select(choices=CHOICES, attrs={"class": "base"})
    quick_select = QuickSelect(choices=CHOICES, attrs={"class": "base"})

    assert quick_select.render("f", value, attrs=attrs) == django_select.render(
        "f", value, attrs=attrs
    )


@pytest.mark.django_db
def test_dashboard_filter_selects_render_as_djangos_would(organisation, other_organisation):
    form = DashboardFilterForm({"employer": organisation.pk, "region": "london"})

    for name in ("region", "profession", "pathway", "employer"):
        field = form[name]
        assert isinstance(field.field.widget, QuickSelect)
        django_select = forms.Select(choices=field.field.choices)
        expected = django_select.render(field.html_name, field.value(), attrs={"id": field.auto_id})
        assert field.as_widget() == expected
    assert f'<option value="{organisation.pk}" selected>' in str(form["employer"])


@pytest.mark.parametrize(
    ("form_class", "name"),
    [
        (ProfileForm, "country_of_training"),
        (ProfileForm, "nationality"),
        (OfferForm, "recruited_from"),
    ],
)
def test_country_selects_render_as_djangos_would(form_class, name):
    field = form_class({name: "IN"})[name]

    assert isinstance(field.field.widget, QuickSelect)
    attrs = field.build_widget_attrs({"id": field.auto_id})
    django_select = forms.Select(choices=field.field.choices)
    expected = django_select.render(field.html_name, field.value(), attrs=attrs)
    assert field.field.widget.render(field.html_name, field.value(), attrs=attrs) == expected
    assert '<option value="IN" selected>India</option>' in expected
