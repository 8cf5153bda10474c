from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Theme


@login_required
def framework(request):
    return render(request, "outcomes/framework.html", {"plans": selectors.plan_list()})


@login_required
def theme_detail(request, code: str):
    try:
        theme = selectors.theme_detail(code=code)
    except Theme.DoesNotExist as exc:
        raise Http404(f"No outcome theme with code {code}.") from exc
    return render(request, "outcomes/theme_detail.html", {"theme": theme})
