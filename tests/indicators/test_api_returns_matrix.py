"""Who may change a return through the API: every write action x every role, plus ownership."""

import pytest

from core import roles
from indicators.models import Indicator, Period
from indicators.returns import services

ACTIONS = ["patch", "submit", "approve", "return"]
# role -> expected status per action on a return owned by the test officer
MATRIX = {
    roles.BOARD_MEMBER: {"patch": 403, "submit": 403, "approve": 403, "return": 403},
    roles.SCRUTINY_OFFICER: {"patch": 403, "submit": 403, "approve": 403, "return": 403},
    roles.OFFICER: {"patch": 200, "submit": 200, "approve": 403, "return": 403},
    roles.PERFORMANCE_LEAD: {"patch": 200, "submit": 200, "approve": 200, "return": 200},
}


def call(client, ret, action):
    url = f"/api/returns/{ret.pk}/"
    if action == "patch":
        return client.patch(url, {"version": ret.version, "commentary": "edited"}, format="json")
    body = {"version": ret.version}
    if action == "return":
        body["reason"] = "Check the figure"
    return client.post(f"{url}{action}/", body, format="json")


def fresh_return(officer, *, state):
    """A return by `officer` in the state the action needs: draft, or submitted."""
    indicator = Indicator.objects.get(code="ADOPTIONS")
    period = Period.objects.get(code="FY2019-20-Q1")
    indicator.returns.all().delete()
    ret = services.return_create(
        user=officer, indicator=indicator, period=period, value="15", commentary="On track"
    )
    if state == "submitted":
        ret = services.return_submit(user=officer, ret=ret)
    return ret


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_write_actions_by_role(
    role, action, users_by_role, client_for, django_capture_on_commit_callbacks
):
    officer = users_by_role[roles.OFFICER]
    Indicator.objects.filter(code="ADOPTIONS").update(owner=officer)
    ret = fresh_return(officer, state="submitted" if action in ("approve", "return") else "draft")
    before = (ret.status, ret.version, ret.commentary)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client_for(users_by_role[role]), ret, action)
    assert response.status_code == MATRIX[role][action], (role, action, response.content)
    ret.refresh_from_db()
    if response.status_code == 403:
        assert (ret.status, ret.version, ret.commentary) == before  # a refusal changes nothing


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["patch", "submit"])
def test_an_officer_cannot_touch_another_officers_return(
    action, officer, other_officer, client_for
):
    Indicator.objects.filter(code="ADOPTIONS").update(owner=officer)
    ret = fresh_return(officer, state="draft")
    assert call(client_for(other_officer), ret, action).status_code == 403
    ret.refresh_from_db()
    assert (ret.status, ret.commentary) == ("draft", "On track")


@pytest.mark.django_db
def test_anonymous_is_refused_every_write(officer, client_for):
    Indicator.objects.filter(code="ADOPTIONS").update(owner=officer)
    ret = fresh_return(officer, state="submitted")
    for action in ACTIONS:
        assert call(client_for(None), ret, action).status_code in (401, 403), action
