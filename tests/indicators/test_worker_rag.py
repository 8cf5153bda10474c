"""A real Celery worker, fed through Redis, computes RAG into PostgreSQL."""

from decimal import Decimal as D

from indicators.models import Indicator, IndicatorStatus, Period, Return
from indicators.tasks import compute_rag


def test_worker_computes_rag_for_an_approved_return(framework_tx, celery_worker_process):
    Return.objects.create(
        indicator=Indicator.objects.get(code="LAC-WITHIN-20-MILES"),
        period=Period.objects.get(code="2019-08"),
        value=D("84"),
        status=Return.Status.APPROVED,
    )
    result = compute_rag.delay("2019-08")
    assert result.get(timeout=120) > 0
    row = IndicatorStatus.objects.get(indicator__code="LAC-WITHIN-20-MILES", period__code="2019-08")
    assert (row.value, row.target, row.rag) == (D("84"), D("90"), "red")
