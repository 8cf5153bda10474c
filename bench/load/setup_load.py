"""Users and work for the load run (bench/load/run.sh): 40 Board members, 10 officers and 2
leads, each with a session or an API token, and for each officer a list of (indicator,
period, value) returns no one has entered yet. Writes the JSON the locustfile reads."""

import json
import sys

import django

django.setup()

from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from bench.sessions import session_key  # noqa: E402
from core import roles  # noqa: E402
from core.services import user_create_with_role  # noqa: E402
from indicators import periods as cal  # noqa: E402
from indicators.models import Indicator, Period, Return  # noqa: E402

VALUES = {"percent": "55", "count": "12", "days": "400", "average": "17.5"}


def main(path: str) -> None:
    make = user_create_with_role
    board = [make(username=f"load.board{n}", role=roles.BOARD_MEMBER) for n in range(40)]
    officers = [make(username=f"load.officer{n}", role=roles.OFFICER) for n in range(10)]
    leads = [make(username=f"load.lead{n}", role=roles.PERFORMANCE_LEAD) for n in range(2)]
    indicators = list(Indicator.objects.order_by("code"))
    today = timezone.localdate()
    taken = set(Return.objects.values_list("indicator_id", "period_id"))
    work = {o.username: [] for o in officers}
    for n, indicator in enumerate(indicators):
        officer = officers[n % len(officers)]
        Indicator.objects.filter(pk=indicator.pk).update(owner=officer)
        ended = Period.objects.filter(kind=indicator.period_kind, end__lt=today).order_by("-start")
        for period in ended[:60]:
            if cal.parse(period.code).end >= today or (indicator.pk, period.pk) in taken:
                continue
            work[officer.username].append(
                [indicator.code, period.code, VALUES.get(indicator.unit, "5")]
            )
    data = {
        "board": [session_key(u) for u in board],
        "officers": [
            {"token": Token.objects.create(user=o).key, "work": work[o.username]} for o in officers
        ],
        "leads": [Token.objects.create(user=u).key for u in leads],
        "indicators": [i.code for i in indicators[:20]],
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(data, out)
    slots = sum(len(w) for w in work.values())
    print(f"load users: 40 board members, 10 officers, 2 leads; {slots} returns to enter")


if __name__ == "__main__":
    main(sys.argv[1])
