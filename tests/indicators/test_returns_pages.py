from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import Indicator, Period, Return
from indicators.returns import services
from indicators.returns.selectors import due_date

PAGES = ["/indicators/returns/", "/indicators/returns/import/", "/indicators/returns/template.csv"]


def test_due_date_counts_working_days():
    from datetime import date

    assert due_date(date(2019, 5, 31), 15) == date(2019, 6, 21)  # Friday end -> 3 weeks later
    assert due_date(date(2019, 6, 30), 1) == date(2019, 7, 1)  # Sunday end -> Monday


@pytest.mark.django_db
def test_pages_by_role(client, users_by_role):
    expectations = {
        "board_member": 403,
        "officer": 200,
        "performance_lead": 200,
        "scrutiny_officer": 403,
    }
    for role, user in users_by_role.items():
        client.force_login(user)
        for url in PAGES:
            assert client.get(url).status_code == expectations[role], (role, url)
        queue = client.get("/indicators/returns/approvals/").status_code
        assert queue == (200 if role == "performance_lead" else 403)


@pytest.mark.django_db
def test_upload_preview_confirm_then_approve(
    client, officer, performance_lead, django_capture_on_commit_callbacks
):
    Indicator.objects.filter(code="LAC-WITHIN-20-MILES").update(owner=officer)
    client.force_login(officer)
    bad = SimpleUploadedFile(
        "r.csv", b"indicator,period,value,commentary\nLAC-WITHIN-20-MILES,2019-05,191,\n"
    )
    page = client.post("/indicators/returns/import/", {"file": bad}).content.decode()
    assert "Row 2:" in page and "0 to 100" in page and "Save and submit" not in page
    good = SimpleUploadedFile(
        "r.csv", b"indicator,period,value,commentary\nLAC-WITHIN-20-MILES,2019-05,91,Good month\n"
    )
    page = client.post("/indicators/returns/import/", {"file": good}).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    done = client.post("/indicators/returns/import/", {"token": token, "submit": "1"})
    assert done.status_code == 302
    ret = Return.objects.get()
    assert ret.status == "submitted"
    expired = client.post("/indicators/returns/import/", {"token": token, "submit": "1"})
    assert expired.status_code == 400  # a preview is used once
    client.force_login(performance_lead)
    assert (
        "LAC-WITHIN-20-MILES 2019-05"
        in client.get("/indicators/returns/approvals/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/indicators/returns/approvals/",
            {"return_id": ret.pk, "action": "approve", "version": ret.version},
        )
    ret.refresh_from_db()
    assert ret.status == "approved"
    assert ret.indicator.statuses.get(period__code="2019-05").rag == "green"


@pytest.mark.django_db
def test_return_page_edit_conflict_and_history(client, officer):
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    indicator.owner = officer
    indicator.save()
    ret = services.return_create(
        user=officer, indicator=indicator, period=Period.objects.get(code="2019-05"), value="91"
    )
    client.force_login(officer)
    url = f"/indicators/returns/{ret.pk}/"
    old = ret.version
    client.post(url, {"action": "save", "version": old, "value": "92", "commentary": "x"})
    page = client.post(
        url, {"action": "save", "version": old, "value": "93", "commentary": "y"}
    ).content.decode()
    assert "Someone else saved" in page
    ret.refresh_from_db()
    assert ret.value == D("92")
    assert page.count('class="govuk-table__row"') >= 3  # history rows
    assert (
        client.post("/indicators/returns/new/LAC-RESIDENTIAL/2019-05/", {"value": "5"}).status_code
        == 200
    )
    assert not Return.objects.filter(indicator__code="LAC-RESIDENTIAL").exists()


@pytest.mark.django_db
def test_my_returns_shows_states(client, officer):
    Indicator.objects.filter(code="ADOPTIONS").update(owner=officer)
    client.force_login(officer)
    page = client.get("/indicators/returns/").content.decode()
    assert "ADOPTIONS" in page and ("Overdue" in page or "Due" in page)


@pytest.mark.django_db
def test_targets_page_for_leads_only(client, performance_lead, officer):
    client.force_login(officer)
    assert client.get("/indicators/targets/").status_code == 403
    client.force_login(performance_lead)
    assert "LAC-WITHIN-20-MILES" in client.get("/indicators/targets/").content.decode()
    bad = client.post(
        "/indicators/targets/",
        {"indicator": "LAC-WITHIN-20-MILES", "period": "FY2020-21", "value": "190"},
    )
    assert "0 to 100" in bad.content.decode()
    ok = client.post(
        "/indicators/targets/",
        {"indicator": "LAC-WITHIN-20-MILES", "period": "FY2020-21", "value": "91", "band": "2"},
    )
    assert ok.status_code == 302
    page = client.get("/indicators/targets/").content.decode()
    assert "t.lead" in page and "FY2020-21" in page


@pytest.mark.django_db
def test_leads_see_every_return_filtered(client, performance_lead, officer):
    for code in ("2019-04", "2019-05"):
        Return.objects.create(
            indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
            period=Period.objects.get(code=code),
            value=D("90"),
        )
    client.force_login(officer)
    assert client.get("/indicators/returns/all/").status_code == 403
    client.force_login(performance_lead)
    page = client.get("/indicators/returns/all/").content.decode()
    assert "2 returns" in page
    page = client.get("/indicators/returns/all/?period=2019-05&status=draft").content.decode()
    assert "1 return<" in page and "LAC-WITHIN-20-MILES 2019-05" in page
