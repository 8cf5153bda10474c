import json
from decimal import Decimal as D

import pytest

from indicators import status
from indicators.models import Indicator, Period, Return
from outcomes.charts import chart_series, indicator_figure


@pytest.mark.django_db
def test_figure_has_values_target_steps_band_and_rag_markers(client, board_member):
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    for month, value in (("2019-02", "86"), ("2019-03", "80"), ("2019-04", "91")):
        Return.objects.create(indicator=indicator, period=Period.objects.get(code=month),
                              value=D(value), status=Return.Status.APPROVED)
    status.statuses_recompute()
    series = chart_series(indicator=indicator)
    assert [s.period.code for s in series] == ["2019-02", "2019-03", "2019-04"]
    figure = json.loads(indicator_figure(indicator=indicator, series=series))
    band_edge, target, values = figure["data"]
    assert target["line"]["shape"] == "hv" and target["fill"] == "tonexty"
    assert target["y"] == [87.0, 87.0, 90.0]           # the target steps at the new year
    assert band_edge["y"] == [82.65, 82.65, 85.5]      # 5% below, for higher-is-better
    assert values["marker"]["symbol"] == ["triangle-up", "square", "circle"]
    client.force_login(board_member)
    page = client.get("/indicators/LAC-WITHIN-20-MILES/").content.decode()
    assert 'id="indicator-chart-data"' in page and "dist/plotly.min.js" in page
    assert page.count('<tr class="govuk-table__row"><th scope="row"') >= 3
