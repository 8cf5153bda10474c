"""The dashboard's reads go to a replica alias when one is configured (docs/scaling.md).

The test settings hold a second alias, "replica", on the same test database (a test mirror),
as a read replica would be; DASHBOARD_READ_DATABASE switches the routing on."""

import pytest
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from core.db_router import ReplicaRouter, replica_reads
from indicators.models import IndicatorStatus, Return
from tests.factories import approved

BOTH = ["default", "replica"]


def test_the_router_reads_from_the_replica_only_inside_the_block(settings):
    router = ReplicaRouter()
    settings.DASHBOARD_READ_DATABASE = "replica"
    assert router.db_for_read(IndicatorStatus) is None
    with replica_reads():
        assert router.db_for_read(IndicatorStatus) == "replica"
        assert router.db_for_write(Return) == "default"
    assert router.db_for_read(IndicatorStatus) is None
    settings.DASHBOARD_READ_DATABASE = None  # no replica configured: the primary
    with replica_reads():
        assert router.db_for_read(IndicatorStatus) is None
    assert router.allow_migrate("replica", "indicators") is False
    assert router.allow_migrate("default", "indicators") is True


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_dashboard_reads_go_to_the_replica(framework_tx, settings, client, board_member):
    from indicators import status

    approved("LAC-WITHIN-20-MILES", "2019-06", "87.5")
    status.status_compute_period(period_code="2019-06")
    client.force_login(board_member)
    settings.DASHBOARD_READ_DATABASE = None  # no replica configured: all on the primary
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/dashboard/?period=FY2019-20-Q1").status_code == 200
    assert on_replica.captured_queries == []
    cache.clear()  # the dashboard's figures are cached: compute them afresh, from the replica
    settings.DASHBOARD_READ_DATABASE = "replica"
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get("/dashboard/?period=FY2019-20-Q1")
    assert page.status_code == 200 and "87.5%" in page.content.decode()
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "indicators_indicatorstatus" in replica_sql
    primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert "indicators_indicatorstatus" not in primary_sql  # the session and user stay there


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_presentation_view_reads_from_the_replica(framework_tx, settings, client, board_member):
    from indicators import status

    approved("LAC-WITHIN-20-MILES", "2019-06", "87.5")
    status.status_compute_period(period_code="2019-06")
    client.force_login(board_member)
    cache.clear()
    settings.DASHBOARD_READ_DATABASE = "replica"
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get("/dashboard/present/?period=FY2019-20-Q1")
    assert page.status_code == 200
    assert "indicators_indicatorstatus" in " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "indicators_indicatorstatus" not in " ".join(
        q["sql"] for q in on_primary.captured_queries
    )
