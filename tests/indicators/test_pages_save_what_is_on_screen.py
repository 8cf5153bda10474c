"""Every page that posts parses a Django Form and makes one service call: what is on screen is
what is saved, or nothing is, with the form's errors."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import Period, Target
from indicators.returns import services


@pytest.fixture
def draft(owned, officer):
    return services.return_create(
        user=officer, indicator=owned, period=Period.objects.get(code="2019-05"), value="91"
    )


def url(ret):
    return f"/indicators/returns/{ret.pk}/"


@pytest.mark.django_db
def test_submit_saves_the_value_and_commentary_on_screen(client, officer, draft):
    client.force_login(officer)
    response = client.post(
        url(draft),
        {
            "action": "submit",
            "version": draft.version,
            "value": "95",
            "commentary": "Typed before submitting",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.value, draft.commentary) == (
        "submitted",
        D("95"),
        "Typed before submitting",
    )


@pytest.mark.django_db
def test_typed_commentary_counts_when_the_figure_on_screen_rates_red(client, officer, draft):
    client.force_login(officer)
    response = client.post(
        url(draft),
        {
            "action": "submit",
            "version": draft.version,
            "value": "70",
            "commentary": "Placements were tight.",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.value) == ("submitted", D("70"))


@pytest.mark.django_db
def test_a_refused_submit_changes_nothing_and_names_the_field(client, officer, draft):
    client.force_login(officer)
    before = (draft.value, draft.commentary, draft.version, draft.status)
    page = client.post(
        url(draft), {"action": "submit", "version": draft.version, "value": "70", "commentary": ""}
    ).content.decode()
    assert "would rate Red" in page
    assert 'href="#commentary"' in page  # the error summary links to the field
    assert 'aria-invalid="true"' in page
    draft.refresh_from_db()
    assert (draft.value, draft.commentary, draft.version, draft.status) == before
    page = client.post(
        url(draft),
        {"action": "submit", "version": draft.version, "value": "abc", "commentary": "x"},
    ).content.decode()
    assert (
        'href="#value"' in page
        and "The value must be a number, like 91.5, not &#x27;abc&#x27;." in page
    )
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.value == D("91")


@pytest.mark.django_db
def test_a_re_rendered_page_keeps_the_version_that_was_posted(client, officer, draft):
    client.force_login(officer)
    opened = draft.version
    services.return_update(user=officer, ret=draft, version=opened, value="92")  # someone else
    page = client.post(
        url(draft), {"action": "save", "version": opened, "value": "93", "commentary": ""}
    ).content.decode()
    assert "Someone else saved" in page
    assert f'name="version" value="{opened}"' in page  # not the new version: a second Save...
    again = client.post(
        url(draft), {"action": "save", "version": opened, "value": "93", "commentary": ""}
    ).content.decode()
    assert "Someone else saved" in again  # ...is refused again, never a silent overwrite
    draft.refresh_from_db()
    assert draft.value == D("92")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "post",
    [
        {"action": "save", "version": "abc", "value": "92"},
        {"action": "save", "value": "92"},
        {"action": "nonsense", "version": "1", "value": "92"},
        {"action": "correct", "version": "1x", "value": "92", "reason": "r"},
    ],
)
def test_malformed_return_posts_are_form_errors_not_500s(client, officer, draft, post):
    client.force_login(officer)
    response = client.post(url(draft), post)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    draft.refresh_from_db()
    assert draft.value == D("91") and draft.version == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "post",
    [
        {"action": "approve", "return_id": "abc", "version": "1"},
        {"action": "approve", "return_id": "1", "version": ""},
        {"action": "lock", "period": "NOT-A-PERIOD"},
        {"action": "reopen", "period": "FY2019-20-Q2", "lock_reason": ""},
        {"action": "frobnicate"},
    ],
)
def test_malformed_approvals_posts_are_form_errors_not_500s(client, performance_lead, post):
    client.force_login(performance_lead)
    response = client.post("/indicators/returns/approvals/", post)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Period.objects.exclude(locked_at=None).exists()


def submitted(officer, owned, value="91"):
    ret = services.return_create(
        user=officer, indicator=owned, period=Period.objects.get(code="2019-05"), value=value
    )
    return services.return_submit(user=officer, ret=ret)


@pytest.mark.django_db
def test_approve_carries_the_version_the_lead_saw(client, officer, performance_lead, owned):
    ret = submitted(officer, owned)
    seen = ret.version
    client.force_login(performance_lead)
    queue = client.get("/indicators/returns/approvals/").content.decode()
    assert f'name="version" value="{seen}"' in queue
    # the officer's figure changes after the lead loaded the queue (sent back, edited, resubmitted)
    ret = services.return_send_back(user=performance_lead, ret=ret, reason="x", version=seen)
    ret = services.return_update(
        user=officer, ret=ret, version=ret.version, value="20", commentary="Really 20"
    )
    services.return_submit(user=officer, ret=ret)
    page = client.post(
        "/indicators/returns/approvals/",
        {"action": "approve", "return_id": ret.pk, "version": seen},
    ).content.decode()
    assert "Someone else saved" in page
    ret.refresh_from_db()
    assert ret.status == "submitted"


@pytest.mark.django_db
def test_api_approve_refuses_a_stale_version(client_for, officer, performance_lead, owned):
    ret = submitted(officer, owned)
    lead = client_for(performance_lead)
    stale = lead.post(
        f"/api/returns/{ret.pk}/approve/", {"version": ret.version - 1}, format="json"
    )
    assert stale.status_code == 409
    assert lead.post(f"/api/returns/{ret.pk}/approve/", {}, format="json").status_code == 400
    ret.refresh_from_db()
    assert ret.status == "submitted"
    ok = lead.post(f"/api/returns/{ret.pk}/approve/", {"version": ret.version}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"


@pytest.mark.django_db
def test_api_submit_with_the_figure_saves_and_submits_in_one_step(client_for, officer, draft):
    api = client_for(officer)
    response = api.post(
        f"/api/returns/{draft.pk}/submit/",
        {"version": draft.version, "value": "70", "commentary": ""},
        format="json",
    )
    assert response.status_code == 400 and "commentary" in response.json()
    draft.refresh_from_db()
    assert (draft.status, draft.value) == ("draft", D("91"))  # both or neither
    response = api.post(
        f"/api/returns/{draft.pk}/submit/",
        {"version": draft.version, "value": "95", "commentary": "Good"},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["status"], D(response.json()["value"])) == ("submitted", D("95"))


@pytest.mark.django_db
def test_import_confirm_refuses_a_draft_that_changed_after_the_preview(client, officer, draft):
    client.force_login(officer)
    upload = SimpleUploadedFile(
        "r.csv",
        b"indicator,period,value,commentary\nLAC-WITHIN-20-MILES,2019-05,93,From the file\n",
    )
    page = client.post("/indicators/returns/import/", {"file": upload}).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    services.return_update(
        user=officer,
        ret=draft,
        version=draft.version,
        value="97",
        commentary="Typed on the page meanwhile",
    )
    response = client.post("/indicators/returns/import/", {"token": token, "submit": "0"})
    assert response.status_code == 400
    assert "changed after your preview" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.value, draft.commentary) == (D("97"), "Typed on the page meanwhile")


@pytest.mark.django_db
def test_import_confirm_without_a_file_or_token_says_so(client, officer):
    client.force_login(officer)
    response = client.post("/indicators/returns/import/", {})
    assert response.status_code == 400
    assert "Select a CSV or Excel (.xlsx) file to upload" in response.content.decode()


@pytest.mark.django_db
def test_targets_page_offers_years_only_and_keeps_what_was_typed(client, performance_lead):
    client.force_login(performance_lead)
    page = client.get("/indicators/targets/").content.decode()
    assert 'value="FY2020-21"' in page and 'value="FY2020-21-Q1"' not in page
    bad = client.post(
        "/indicators/targets/",
        {"indicator": "LAC-WITHIN-20-MILES", "period": "FY2020-21-Q1", "value": "91"},
    )
    assert bad.status_code == 400
    assert "Choose a year from the list" in bad.content.decode()
    assert 'value="91"' in bad.content.decode()
    assert not Target.objects.filter(period__code="FY2020-21-Q1").exists()
