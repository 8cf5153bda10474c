"""The dashboard at Greater Manchester scale (issue 13): the every-indicator table a page at a
time, the exceptions list capped with the rest one link away, and the page body rendered once
and served from the cache until a figure or the latest pack changes."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes.dashboard import views
from outcomes.models import BoardPack
from tests.outcomes.conftest import QUARTER

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    """The indicator codes linked from the every-indicator table, in order."""
    table = html[
        html.index('id="all-indicators"') : html.index(
            "</table>", html.index('id="all-indicators"')
        )
    ]
    return re.findall(r'href="/indicators/([A-Z0-9-]+)/"', table)


def test_the_table_is_shown_a_page_at_a_time(client, board_member, quarter_data, monkeypatch):
    client.force_login(board_member)
    whole = _rows(client.get(f"/dashboard/?period={QUARTER}").content.decode())
    assert len(whole) > 5
    monkeypatch.setattr(views, "TABLE_PAGE_SIZE", 5)
    cache.clear()  # the page above is cached at the full size
    first = client.get(f"/dashboard/?period={QUARTER}&page=1").content.decode()
    second = client.get(f"/dashboard/?period={QUARTER}&page=2").content.decode()
    assert _rows(first) == whole[:5] and _rows(second) == whole[5:10]
    assert f"Indicators 1 to 5 of {len(whole)}, 5 a page." in first
    assert f'href="?period={QUARTER}&amp;page=2#all-indicators"' in first
    # a page past the end is the last page, and a page that is not a number is the first
    last = (len(whole) - 1) // 5 + 1
    assert (
        _rows(client.get(f"/dashboard/?period={QUARTER}&page=999").content.decode())
        == whole[(last - 1) * 5 :]
    )
    assert _rows(client.get(f"/dashboard/?period={QUARTER}&page=x").content.decode()) == whole[:5]


def test_the_exceptions_list_is_capped_and_the_rest_are_in_the_table(
    client, board_member, quarter_data, monkeypatch
):
    from indicators import status
    from tests.outcomes.conftest import approve

    approve("LAC-WITHIN-20-MILES", "2019-06", "86")  # Amber two quarters running
    approve("LAC-RESIDENTIAL", "2019-09", "70")  # Red
    status.status_compute_period(period_code="2019-06")
    status.status_compute_period(period_code=QUARTER)
    monkeypatch.setattr(views, "EXCEPTIONS_SHOWN", 1)
    client.force_login(board_member)
    html = client.get(f"/dashboard/?period={QUARTER}").content.decode()
    block = html[html.index('id="exceptions"') : html.index('id="summary"')]
    assert "/indicators/LAC-RESIDENTIAL/" in block
    assert "/indicators/LAC-WITHIN-20-MILES/" not in block  # past the cap
    assert "See all 2 exceptions in the table" in block
    link = re.search(r'href="\?([^"#]*rows=exceptions)#all-indicators"', block)[1]
    table = client.get("/dashboard/?" + link.replace("&amp;", "&")).content.decode()
    assert _rows(table) == ["LAC-RESIDENTIAL", "LAC-WITHIN-20-MILES"]
    assert "Exceptions: 2 indicators" in table and "Show every indicator" in table
    assert client.get(f"/dashboard/?period={QUARTER}&rows=nonsense").status_code == 200


def test_a_repeat_request_reads_the_body_from_the_cache(client, board_member, quarter_data):
    client.force_login(board_member)
    client.get(f"/dashboard/?period={QUARTER}")
    with CaptureQueriesContext(connection) as warm:
        again = client.get(f"/dashboard/?period={QUARTER}")
    assert again.status_code == 200 and 'id="all-indicators"' in again.content.decode()
    # the session, the user and the user's roles: nothing else is read
    tables = " ".join(q["sql"] for q in warm.captured_queries)
    assert '"indicators_' not in tables and '"outcomes_' not in tables
    assert len(warm) <= 3


def test_publishing_a_pack_refreshes_the_changes_section(client, board_member, session):
    client.force_login(board_member)
    before = client.get(f"/dashboard/?period={QUARTER}").content.decode()
    assert "No Board pack has been published" in before
    BoardPack.objects.create(  # as pack_build publishes: a save, so a new framework version
        session=session,
        state=BoardPack.State.PUBLISHED,
        as_at=datetime(2019, 10, 20, tzinfo=UTC),
        snapshot={
            "dashboard": {
                "themes": [
                    {"indicators": [{"code": "LAC-WITHIN-20-MILES", "rag": "green", "value": "91"}]}
                ]
            }
        },
    )
    after = client.get(f"/dashboard/?period={QUARTER}").content.decode()
    assert "No Board pack has been published" not in after
    assert "(worse)" in after


def test_a_repeat_api_request_sends_the_rendered_json(client_for, board_member, quarter_data):
    api = client_for(board_member)
    url = f"/api/dashboard/?period={QUARTER}"
    first = api.get(url)
    with CaptureQueriesContext(connection) as warm:
        again = api.get(url)
    assert again.status_code == 200 and again["Content-Type"] == "application/json"
    assert again.content == first.content and again.json()["period"]["code"] == QUARTER
    tables = " ".join(q["sql"] for q in warm.captured_queries)
    assert "indicators_indicatorstatus" not in tables and "indicators_return" not in tables
    # the browsable API still renders the same figures
    page = api.get(url, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and b"LAC-WITHIN-20-MILES" in page.content
