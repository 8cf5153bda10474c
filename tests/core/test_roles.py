import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.http import HttpRequest

from core import roles


@pytest.mark.django_db
def test_each_role_is_a_group_with_its_model_permissions():
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions__content_type")}
    assert set(roles.ROLES) <= set(groups)
    board = {
        f"{p.content_type.app_label}.{p.codename}" for p in groups["board_member"].permissions.all()
    }
    assert "indicators.view_indicator" in board
    assert not any(code.split(".")[1].startswith(("add_", "change_", "delete_")) for code in board)
    lead = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in groups["performance_lead"].permissions.all()
    }
    assert {"indicators.change_target", "indicators.add_target"} <= lead
    scrutiny = {p.codename for p in groups["scrutiny_officer"].permissions.all()}
    assert "change_target" not in scrutiny


@pytest.mark.django_db
def test_has_role_and_superuser(officer, django_user_model):
    assert roles.has_role(officer, roles.OFFICER)
    assert not roles.has_role(officer, roles.PERFORMANCE_LEAD)
    admin = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    assert roles.has_role(admin, roles.PERFORMANCE_LEAD)


@pytest.mark.django_db
def test_seed_demo_prints_passwords_only_with_debug(settings, capsys, client):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    # client.login() passes a request: django-axes checks every sign-in against its lockout.
    for username in ("demo.board", "demo.officer", "demo.lead", "demo.scrutiny"):
        assert username in out
    line = next(line for line in out.splitlines() if "demo.board" in line)
    password = line.split("password:")[1].strip()
    assert client.login(request=HttpRequest(), username="demo.board", password=password)

    settings.DEBUG = False
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "password:" not in out
    assert "never printed" in out
    # the previous password still works: a run with DEBUG off changes no password
    assert client.login(request=HttpRequest(), username="demo.board", password=password)
