from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Strategy


@login_required
def strategy_list(request):
    return render(
        request, "strategies/strategy_list.html", {"strategies": selectors.strategy_list()}
    )


@login_required
def strategy_detail(request, code: str):
    try:
        strategy = selectors.strategy_detail(code=code)
    except Strategy.DoesNotExist as exc:
        raise Http404(f"No strategy with code {code}.") from exc
    return render(request, "strategies/strategy_detail.html", {"strategy": strategy})
