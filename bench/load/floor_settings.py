"""Production settings with the floor's urlconf (bench/load/dashboard_scale.sh only)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load.floor_urls"
