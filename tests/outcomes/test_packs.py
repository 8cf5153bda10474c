"""Frozen Board packs: built by a Celery task, never changed by later corrections, PDF offline."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from indicators.returns import services
from outcomes.board import packs
from outcomes.board import services as board
from outcomes.models import BoardPack, PackFrozenError

pytestmark = pytest.mark.django_db(transaction=True)


def publish(user, session) -> BoardPack:
    with transaction.atomic():  # on_commit runs the (eager) task, as after a real request
        pack = board.pack_request(user=user, session=session)
    pack.refresh_from_db()
    return pack


def tile(snapshot_or_json, code):
    return next(
        t for th in snapshot_or_json["themes"] for t in th["indicators"] if t["code"] == code
    )


@pytest.fixture
def tx_session(framework_tx, performance_lead):
    from datetime import date

    from indicators import status
    from indicators.models import Period
    from outcomes.models import Theme
    from tests.outcomes.conftest import QUARTER, approve

    for month, value in [("2019-07", "84"), ("2019-08", "85"), ("2019-09", "86.2")]:
        approve("LAC-WITHIN-20-MILES", month, value, f"Month {month}.")
    status.status_compute_period(period_code=QUARTER)
    return board.session_create(
        user=performance_lead,
        period=Period.objects.get(code=QUARTER),
        date=date(2019, 10, 24),
        title="Safe theme session",
        focus_theme=Theme.objects.get(code="SAFE"),
    )


def test_publishing_runs_the_task_and_freezes_everything(tx_session, performance_lead):

    board.voice_add(
        user=performance_lead,
        session=tx_session,
        group="Youth Council",
        said="Placements far from home are hard.",
    )
    pack = publish(performance_lead, tx_session)
    assert pack.state == BoardPack.State.PUBLISHED and pack.progress == 100
    assert pack.as_at is not None and pack.pdf.name.endswith(".pdf")
    snap = pack.snapshot
    assert tile(snap["dashboard"], "LAC-WITHIN-20-MILES")["value"] == "86.2"
    focus = next(i for i in snap["focus"] if i["code"] == "LAC-WITHIN-20-MILES")
    assert [p["value"] for p in focus["series"]][-3:] == ["84", "85", "86.2"]
    assert focus["chart_svg"].startswith("<svg") and 'role="img"' in focus["chart_svg"]
    assert focus["commentary"][0] == {"period": "September 2019", "text": "Month 2019-09."}
    assert snap["voice"] == [
        {"group": "Youth Council", "how_heard": "", "said": "Placements far from home are hard."}
    ]
    assert snap["revisions"] == [] and snap["previous"] is None


def test_correcting_a_return_changes_the_live_dashboard_not_the_published_pack(
    tx_session, performance_lead, other_lead, client
):
    from indicators.models import Return

    pack = publish(performance_lead, tx_session)
    pdf_before = pack.pdf.read()
    ret = Return.objects.get(indicator__code="LAC-WITHIN-20-MILES", period__code="2019-09")
    with transaction.atomic():
        services.return_correct(
            user=other_lead,
            ret=ret,
            version=ret.version,
            value="91.5",
            reason="Data-quality check found two placements miscounted",
        )
    ret.refresh_from_db()
    with transaction.atomic():  # four-eyes: another lead approves the correction
        services.return_approve(user=performance_lead, ret=ret, version=ret.version)
    client.force_login(performance_lead)
    live = client.get("/api/dashboard/?period=FY2019-20-Q2").json()
    assert tile(live, "LAC-WITHIN-20-MILES")["value"] == "91.5"
    assert tile(live, "LAC-WITHIN-20-MILES")["rag"] == "green"
    pack = BoardPack.objects.get(pk=pack.pk)
    assert tile(pack.snapshot["dashboard"], "LAC-WITHIN-20-MILES")["value"] == "86.2"
    assert tile(pack.snapshot["dashboard"], "LAC-WITHIN-20-MILES")["rag"] == "amber"
    assert pack.pdf.read() == pdf_before
    page = client.get(f"/board/packs/{pack.pk}/").content.decode()
    assert "86.2%" in page and "91.5%" not in page
    # The next pack shows what was revised since.
    later = publish(performance_lead, tx_session)
    assert later.snapshot["previous"]["id"] == pack.pk
    assert {
        "code": "LAC-WITHIN-20-MILES",
        "name": ret.indicator.name,
        "period": "2019-09",
        "before": "86.2",
        "after": "91.5",
    } in later.snapshot["revisions"]
    assert (
        "Revised since the previous pack"
        in client.get(f"/board/packs/{later.pk}/").content.decode()
    )


def test_a_published_pack_cannot_be_changed_or_deleted(tx_session, performance_lead):
    pack = publish(performance_lead, tx_session)
    pack.snapshot = {"tampered": True}
    with pytest.raises(PackFrozenError):
        pack.save()
    with pytest.raises(PackFrozenError):
        BoardPack.objects.get(pk=pack.pk).delete()
    assert BoardPack.objects.get(pk=pack.pk).snapshot["session"]["title"] == "Safe theme session"


def test_only_leads_publish_and_one_build_at_a_time(tx_session, performance_lead, board_member):
    with pytest.raises(PermissionDenied):
        board.pack_request(user=board_member, session=tx_session)
    BoardPack.objects.create(session=tx_session, state=BoardPack.State.RUNNING)
    with pytest.raises(ValidationError, match="already being built"):
        board.pack_request(user=performance_lead, session=tx_session)
    assert BoardPack.objects.count() == 1


def test_a_failed_build_is_marked_failed_and_publishes_nothing(
    tx_session, performance_lead, monkeypatch
):
    def broken(snapshot):
        raise OSError("disk full")

    monkeypatch.setattr(packs, "pack_pdf", broken)
    with pytest.raises(OSError):
        publish(performance_lead, tx_session)
    pack = BoardPack.objects.get()
    assert pack.state == BoardPack.State.FAILED and "disk full" in pack.error
    assert pack.snapshot == {} and not pack.pdf


def test_pdf_is_a_real_pdf_and_fetches_nothing(tx_session, performance_lead, client):
    pack = publish(performance_lead, tx_session)
    client.force_login(performance_lead)
    response = client.get(f"/board/packs/{pack.pk}/pdf/")
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    fetcher = packs.pack_fetcher()
    for url in ("http://example.com/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)


def test_pdf_text_carries_the_frozen_figures(tx_session, performance_lead):
    from io import BytesIO

    import pypdf

    pack = publish(performance_lead, tx_session)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(pack.pdf.read())).pages)
    assert "Board pack: Safe theme session" in text and "86.2%" in text
    assert D("86.2") == D(tile(pack.snapshot["dashboard"], "LAC-WITHIN-20-MILES")["value"])


def test_pack_is_built_by_a_real_worker_with_progress(
    celery_worker_process, tx_session, performance_lead, client_for
):
    """Through Redis to a real `celery worker`: the API shows the pack queued or building,
    then published with its PDF."""
    import time

    api = client_for(performance_lead)
    made = api.post("/api/board/packs/", {"session": tx_session.pk})
    assert made.status_code == 202 and made.json()["state"] in ("queued", "running", "published")
    seen, deadline = set(), time.monotonic() + 90
    while time.monotonic() < deadline:
        body = api.get(f"/api/board/packs/{made.json()['id']}/").json()
        seen.add(body["state"])
        if body["state"] in ("published", "failed"):
            break
        time.sleep(0.3)
    assert body["state"] == "published", body
    assert body["progress"] == 100
    pdf = api.get(body["pdf_url"])
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert BoardPack.objects.get().task_id  # the broker's id, recorded when queued
