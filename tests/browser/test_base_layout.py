"""The base layout, through the live server: styles load, the council header shows, the
login page passes axe, signing in and out works, and the error pages render."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.browser.axe import assert_no_axe_violations

PASSWORD = "base-layout-pass-4471"


@pytest.fixture
def person(transactional_db):
    return get_user_model().objects.create_user(
        username="layout.person", password=PASSWORD, first_name="Layla", last_name="Out"
    )


def test_login_page_is_styled_and_accessible(page, live_server):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response.ok
    css = page.request.get(f"{live_server.url}/static/dist/app.css")
    assert css.ok and "govuk-template" in css.text()

    assert page.title() == "Sign in – Children's Board Outcomes"
    font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Times" not in font and "system-ui" in font
    # GOV.UK Frontend's JavaScript ran (module init.js -> initAll).
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    page.wait_for_function(
        "() => document.querySelector('.govuk-skip-link[data-module]') "
        "&& document.querySelector('[data-govuk-skip-link-init]')"
    )
    header = page.locator("header")
    assert "Manchester City Council" in header.inner_text()
    assert page.get_by_role("link", name="Children's Board Outcomes").is_visible()
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert page.locator("footer").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert_no_axe_violations(page, "login page")
    page.screenshot(path="/tmp/login.png", full_page=True)


def test_login_errors_are_summarised_and_accessible(page, live_server, person):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("layout.person")
    page.get_by_label("Password", exact=True).fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: Sign in")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    # GOV.UK Frontend moves focus to the error summary.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('.govuk-error-summary')"
    )
    assert_no_axe_violations(page, "login page with errors")
    page.screenshot(path="/tmp/login-error.png", full_page=True)


def test_sign_in_and_sign_out(page, live_server, login, person):
    login(page, live_server, "layout.person", PASSWORD)
    header = page.locator("header")
    assert "Layla Out" in header.inner_text()
    assert_no_axe_violations(page, "first page after sign-in")
    page.screenshot(path="/tmp/signed-in.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_not_found_page(page, live_server):
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_no_axe_violations(page, "404 page")


KITCHEN_SINK = """{% extends "base.html" %}
{% block title %}{% if form.errors %}Error: {% endif %}Every component{% endblock %}
{% block breadcrumbs %}{% include "includes/breadcrumbs.html" %}{% endblock %}
{% block content %}
{% include "includes/form_errors.html" %}
<h1 class="govuk-heading-xl">Every component</h1>
<h2 class="govuk-heading-m">RAG</h2>
<p class="govuk-body">
{% for rag in rags %}{% include "includes/rag_tag.html" %} {% endfor %}
</p>
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Indicators</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Indicator</th>
    <th scope="col" class="govuk-table__header">Status</th></tr></thead>
  <tbody class="govuk-table__body">
  {% for rag in rags %}<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">
    Indicator {{ forloop.counter }}</th><td class="govuk-table__cell">
    {% include "includes/rag_tag.html" %}</td></tr>{% endfor %}
  </tbody>
</table>
{% include "includes/summary_list.html" %}
<form method="post" novalidate>
  {% for field in form %}{% include "includes/field.html" %}{% endfor %}
  <div class="govuk-button-group">
    <button type="submit" class="govuk-button" data-module="govuk-button">Save</button>
    <a class="govuk-link" href="#">Cancel</a>
  </div>
</form>
{% include "includes/pagination.html" %}
{% endblock %}
"""


def _kitchen_sink_html():
    from django import forms
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.core.paginator import Paginator
    from django.template import Context, Template

    class EveryFieldForm(forms.Form):
        name = forms.CharField(max_length=50, help_text="As it appears in the plan.")
        value = forms.DecimalField(label="Value (%)", max_digits=5, decimal_places=1)
        due = forms.DateField(label="Due date", widget=forms.DateInput(attrs={"type": "date"}))
        notes = forms.CharField(widget=forms.Textarea, required=False)
        polarity = forms.ChoiceField(
            choices=[("", "Choose"), ("up", "Higher is better"), ("down", "Lower is better")]
        )
        rag = forms.ChoiceField(
            label="Status",
            widget=forms.RadioSelect,
            choices=[("green", "Green"), ("amber", "Amber"), ("red", "Red")],
            help_text="Choose one.",
        )
        themes = forms.MultipleChoiceField(
            widget=forms.CheckboxSelectMultiple, choices=[("safe", "Safe"), ("happy", "Happy")]
        )
        synthetic = forms.BooleanField(label="Figures are synthetic", required=False)
        upload = forms.FileField(required=False, help_text="CSV or Excel.")
        secret = forms.CharField(widget=forms.HiddenInput, required=False)

    form = EveryFieldForm(data={"name": "", "value": "abc", "polarity": "", "rag": "amber"})
    form.is_valid()
    page_obj = Paginator(list(range(100)), 10).page(5)
    context = Context(
        {
            "form": form,
            "rags": ["green", "amber", "red", "no_data", "not_rated"],
            "rows": [("Code", "LAC-01"), ("Owner", "Children's Services"), ("Source", None)],
            "crumbs": [("Framework", "/framework/"), ("Safe", "/framework/themes/SAFE/")],
            "page_obj": page_obj,
            "nav_items": [
                {"label": "Framework", "url": "/framework/", "active": True},
                {"label": "Dashboard", "url": "/dashboard/", "active": False},
            ],
            "demo_mode": True,
            "council_name": "Manchester City Council",
            "messages": [
                Message(constants.SUCCESS, "Return saved."),
                Message(constants.INFO, "The Board meets on 3 March."),
                Message(constants.ERROR, "The file could not be read."),
            ],
        }
    )
    return Template(KITCHEN_SINK).render(context)


def test_every_component_is_accessible(page, live_server):
    """All the includes, the demo banner, navigation and messages together: no violations."""
    html = _kitchen_sink_html()
    url = f"{live_server.url}/__kitchen-sink__/"
    page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(url)
    page.wait_for_function("() => document.querySelector('[data-govuk-service-navigation-init]')")
    assert (
        "Demo data: figures and commentary tagged Demo are invented"
        in page.locator("header").inner_text()
    )
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert page.locator('a[aria-current="true"]').inner_text() == "Framework"
    tags = page.locator("p .app-rag").all_inner_texts()
    assert tags == ["● Green", "▲ Amber", "■ Red", "○ No data", "◇ Not rated"]
    assert page.locator(".app-rag__symbol").first.get_attribute("aria-hidden") == "true"
    # Django's own widgets, in GOV.UK dress and wired to their hint and error.
    name = page.locator("#id_name")
    assert name.get_attribute("aria-describedby") == "id_name_helptext id_name_error"
    assert name.get_attribute("aria-invalid") == "true"
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('#id_name')).borderTopColor")
        == "rgb(202, 53, 53)"
    )
    assert page.locator("#id_rag_1").is_checked()
    assert page.locator(".govuk-error-summary a").first.get_attribute("href") == "#id_name"
    assert page.locator(".govuk-pagination__item--current").inner_text() == "5"
    assert_no_axe_violations(page, "kitchen sink")
    page.screenshot(path="/tmp/kitchen-sink.png", full_page=True)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("button", name="Save").is_visible()
    page.screenshot(path="/tmp/kitchen-sink-print.png", full_page=True)


def test_server_error_page_renders_without_context():
    """500.html gets no request and no context processors: it must still render."""
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html
    assert "/static/dist/app.css" in html
    assert "Sign in" in html
