"""Four-eyes as one rule in the services: nobody approves, or corrects once approved, a
figure they entered, submitted or changed; a correction goes back through approval."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from indicators.models import Period
from indicators.returns import services

pytestmark = pytest.mark.django_db


def draft(user, owned, value="91"):
    return services.return_create(
        user=user, indicator=owned, period=Period.objects.get(code="2019-05"), value=value
    )


def test_a_lead_who_edited_an_officers_draft_cannot_approve_it(
    owned, officer, performance_lead, other_lead, client_for
):
    ret = draft(officer, owned)
    ret = services.return_update(user=performance_lead, ret=ret, version=ret.version, value="95")
    ret = services.return_submit(user=officer, ret=ret)
    with pytest.raises(PermissionDenied, match="someone else must approve"):
        services.return_approve(user=performance_lead, ret=ret, version=ret.version)
    api = client_for(performance_lead).post(
        f"/api/returns/{ret.pk}/approve/", {"version": ret.version}, format="json"
    )
    assert api.status_code == 403
    ret.refresh_from_db()
    assert ret.status == "submitted"
    assert services.return_approve(user=other_lead, ret=ret, version=ret.version).status == (
        "approved"
    )


def test_a_lead_who_submitted_cannot_correct_after_another_approves(
    owned, performance_lead, other_lead, client_for, client
):
    ret = services.return_submit(user=performance_lead, ret=draft(performance_lead, owned))
    ret = services.return_approve(user=other_lead, ret=ret, version=ret.version)
    response = client_for(performance_lead).post(
        f"/api/returns/{ret.pk}/correct/",
        {"value": "50", "reason": "typo", "version": ret.version},
        format="json",
    )
    assert response.status_code == 403
    client.force_login(performance_lead)
    page = client.post(
        f"/indicators/returns/{ret.pk}/",
        {"action": "correct", "version": ret.version, "value": "50", "reason": "typo"},
    ).content.decode()
    assert "another lead must correct it" in page
    ret.refresh_from_db()
    assert (ret.value, ret.status, ret.approved_by) == (D("91"), "approved", other_lead)


def test_a_correction_goes_back_through_approval_by_someone_else(
    owned, officer, performance_lead, other_lead, client_for
):
    ret = services.return_submit(user=officer, ret=draft(officer, owned))
    ret = services.return_approve(user=performance_lead, ret=ret, version=ret.version)
    # the approver did not enter the figure, so may correct it, but not approve the correction
    ret = services.return_correct(
        user=performance_lead, ret=ret, version=ret.version, value="89", reason="recount"
    )
    assert (ret.status, ret.submitted_by, ret.approved_by) == (
        "submitted",
        performance_lead,
        None,
    )
    refused = client_for(performance_lead).post(
        f"/api/returns/{ret.pk}/approve/", {"version": ret.version}, format="json"
    )
    assert refused.status_code == 403
    ok = client_for(other_lead).post(
        f"/api/returns/{ret.pk}/approve/", {"version": ret.version}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert D(ok.json()["value"]) == D("89")


def test_authors_come_from_the_history(owned, officer, performance_lead, other_lead):
    ret = draft(officer, owned)
    ret = services.return_update(
        user=performance_lead, ret=ret, version=ret.version, commentary="Only words"
    )
    assert services.figure_authors(ret) == {officer.id}  # commentary alone is not the figure
    ret = services.return_update(user=other_lead, ret=ret, version=ret.version, value="92")
    assert services.figure_authors(ret) == {officer.id, other_lead.id}
