import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import roles

PAGES = [
    "/framework/",
    "/framework/themes/SAFE/",
    "/indicators/LAC-WITHIN-20-MILES/",
    "/strategies/",
    "/strategies/LAC-CL-STRATEGY/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_need_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_every_role_reads_the_framework(client, users_by_role, role):
    client.force_login(users_by_role[role])
    home = client.get("/framework/").content.decode()
    assert "Children and Young People" in home
    assert "/framework/themes/SAFE/" in home
    theme = client.get("/framework/themes/SAFE/").content.decode()
    assert "We will work to" in theme
    page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    assert "Higher is better" in page
    for figure in ("85%", "87%", "90%"):
        assert figure in page


@pytest.mark.django_db
def test_unknown_theme_and_indicator_are_404(client, board_member):
    client.force_login(board_member)
    assert client.get("/framework/themes/NOPE/").status_code == 404
    assert client.get("/indicators/NOPE/").status_code == 404


@pytest.mark.django_db
def test_framework_page_query_count_is_bounded(client, board_member):
    client.force_login(board_member)
    client.get("/framework/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/framework/")
    assert len(ctx.captured_queries) < 25


@pytest.mark.django_db
def test_sign_in_and_out(client, board_member):
    from tests.conftest import TEST_PASSWORD

    response = client.post("/accounts/login/", {"username": "t.board", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/framework/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/framework/").status_code == 302


@pytest.mark.django_db
def test_strategy_page_shows_promise_themes_and_indicators(client, board_member):
    client.force_login(board_member)
    assert "LAC-CL-STRATEGY" in client.get("/strategies/").content.decode()
    page = client.get("/strategies/LAC-CL-STRATEGY/").content.decode()
    for name in ("Respect you", "Care for you", "Support you", "Help you grow"):
        assert name in page
    assert "/indicators/LAC-WITHIN-20-MILES/" in page
    assert client.get("/strategies/NOPE/").status_code == 404


@pytest.mark.django_db
def test_indicator_page_shows_recent_figures_with_rag_words(client, board_member):
    from decimal import Decimal

    from indicators import status
    from indicators.models import Indicator, Period, Return

    Return.objects.create(
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="2019-05"),
        value=Decimal("80"),
        status=Return.Status.APPROVED,
        commentary="Placements were tight.",
        is_synthetic=True,
    )
    status.status_compute_period(period_code="2019-05")
    client.force_login(board_member)
    page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    assert "May 2019" in page and "Red" in page and "Placements were tight." in page
    assert "Demo data" in page
