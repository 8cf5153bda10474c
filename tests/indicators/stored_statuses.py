"""The stored statuses as tests of the RAG engine compare them."""

from indicators.models import AreaStatus, IndicatorStatus

FIELDS = ("value", "target", "band", "rag", "direction", "is_synthetic")


def snapshot() -> dict:
    """Every stored status, city and locality: {(model name, indicator code, area id (the
    indicator id for the city's), period code): FIELDS values}."""
    rows = {}
    for model in (IndicatorStatus, AreaStatus):
        area = "area_id" if model is AreaStatus else "indicator_id"
        for row in model.objects.values_list("indicator__code", area, "period__code", *FIELDS):
            rows[(model.__name__, *row[:3])] = row[3:]
    return rows


def ids_every(n: int, model=IndicatorStatus) -> list[int]:
    """The ids of every n-th stored status of `model`, in id order."""
    return list(model.objects.order_by("id").values_list("id", flat=True))[::n]
