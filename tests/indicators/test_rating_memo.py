"""The RAG engine works out each period's figure once per load (issue 13); a prospective
figure tried in place (would_rate_many, prospective_rag) is never answered from that memo."""

from decimal import Decimal as D

import pytest

from indicators import periods as cal
from indicators import status
from indicators.models import Indicator, Period
from indicators.returns.selectors import would_rate_many
from tests.factories import approved

pytestmark = pytest.mark.django_db


def test_each_try_of_a_prospective_figure_is_rated_afresh():
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")  # 90% target, higher is better
    approved("LAC-WITHIN-20-MILES", "2019-07", "91")
    period = Period.objects.get(code="2019-08")
    ratings = would_rate_many([(indicator, period, D("95")), (indicator, period, D("50"))])
    assert ratings[0] == "green" and ratings[1] == "red"
    assert status.prospective_rag(indicator=indicator, period=period, value=D("50")) == "red"
    assert status.prospective_rag(indicator=indicator, period=period, value=D("95")) == "green"


def test_period_arithmetic_is_memoised_and_still_returns_fresh_lists():
    year = cal.fin_year(2019)
    first = cal.months_in(year)
    first.append("not a period")  # a caller's list is its own
    assert len(cal.months_in(year)) == 12
    assert cal.shift(cal.month(2019, 12), 1) is cal.month(2020, 1)  # kept, not rebuilt
    assert cal.periods_in(year, cal.FIN_QUARTER)[-1].code == "FY2019-20-Q4"
