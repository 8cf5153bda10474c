import pytest

from indicators.models import Indicator


@pytest.fixture
def owned(officer):
    """LAC-WITHIN-20-MILES (percent, higher is better, 90% target in 2019/20), owned by the
    test officer. Test files that need another indicator define their own `owned`."""
    indicator = Indicator.objects.get(code="LAC-WITHIN-20-MILES")
    indicator.owner = officer
    indicator.save()
    return indicator
