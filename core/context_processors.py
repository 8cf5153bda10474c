import logging
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from . import oidc
from .roles import BOARD_MEMBER, OFFICER, PERFORMANCE_LEAD, ROLES, SCRUTINY_OFFICER, has_role

logger = logging.getLogger(__name__)

# (label, url name, roles that see it). Names not (yet) routed are skipped.
NAV = [
    ("Framework", "outcomes:framework", ROLES),
    ("Strategies", "strategies:strategy_list", ROLES),
    ("Dashboard", "dashboard", ROLES),
    ("Board sessions", "board:session_list", ROLES),
    ("My returns", "indicators:my_returns", (OFFICER, PERFORMANCE_LEAD)),
    ("Approvals", "indicators:approval_queue", (PERFORMANCE_LEAD,)),
    ("Targets", "indicators:targets", (PERFORMANCE_LEAD,)),
    ("Benchmarks", "indicators:benchmarks", (PERFORMANCE_LEAD, BOARD_MEMBER)),
    ("Scrutiny", "scrutiny:home", (SCRUTINY_OFFICER, BOARD_MEMBER, OFFICER, PERFORMANCE_LEAD)),
    # Board members read pages, not the API; the roles that enter or keep records use it.
    ("API", "swagger-ui", (OFFICER, PERFORMANCE_LEAD, SCRUTINY_OFFICER)),
]


def site(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, name, roles in NAV:
            if not has_role(user, *roles):
                continue
            url = _address(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
            if url is None:
                continue
            matches = request.path.startswith(url) if url != "/" else request.path == "/"
            items.append({"label": label, "url": url, "active": matches})
        # Only the most specific match is current: /indicators/returns/approvals/ is Approvals,
        # not My returns as well.
        longest = max((len(i["url"]) for i in items if i["active"]), default=0)
        for item in items:
            item["active"] = item["active"] and len(item["url"]) == longest
    return {
        "site_name": settings.SITE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "nav_items": items,
        "demo_mode": _demo_mode(),
        "oidc_enabled": oidc.enabled(),
    }


@lru_cache(maxsize=256)
def _address(name: str, urlconf: str, prefix: str) -> str | None:
    """reverse(name), or None where it is not routed; worked out once per urlconf and script
    prefix (every page's navigation asks for the same ten)."""
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _demo_mode() -> bool:
    """True while any synthetic (demo) figure is stored, so every page can say so."""
    from django.core.cache import cache

    # A cache that is down must not take every page with it: treat it as a miss.
    try:
        cached = cache.get("core:demo_mode")
    except Exception:
        logger.warning("cache read failed; reading demo mode from the database", exc_info=True)
        cached = None
    if cached is None:
        from django.apps import apps

        try:
            Return = apps.get_model("indicators", "Return")
            cached = Return.objects.filter(is_synthetic=True).exists()
        except LookupError:
            cached = False
        try:
            cache.set("core:demo_mode", cached, 60)
        except Exception:
            logger.warning("cache write failed", exc_info=True)
    return cached
