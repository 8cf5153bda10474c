import pytest
from django.apps import apps
from django.contrib import admin

APPS = ("core", "outcomes", "indicators", "strategies", "scrutiny")


def test_every_model_is_in_the_admin():
    inlined = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in APPS
        and not m.__name__.startswith("Historical")
        and m not in admin.site._registry
        and m not in inlined
    ]
    assert missing == []


@pytest.mark.django_db
def test_admin_changelists_search_and_filter(admin_client):
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert (
            admin_client.get(url, {"q": "a"} if model_admin.search_fields else {}).status_code
            == 200
        ), url
