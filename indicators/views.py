from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Indicator


@login_required
def indicator_detail(request, code: str):
    try:
        indicator = selectors.indicator_detail(code=code)
    except Indicator.DoesNotExist as exc:
        raise Http404(f"No indicator with code {code}.") from exc
    recent = selectors.indicator_recent(indicator=indicator)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "recent": recent,
            "recent_is_synthetic": any(row["status"].is_synthetic for row in recent),
        },
    )
