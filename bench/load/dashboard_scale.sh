#!/usr/bin/env bash
# Issue 13: 20 clients on /dashboard/ for DURATION seconds (default 60) at a bench size
# (default L: cbo_bench_16, built by bench/scale_bench.py), then 20 clients on the floor (the
# same bytes from a trivial view through the same gunicorn, middleware and session) for as
# long. gunicorn 2 workers x 1 thread, production settings, DEBUG off, Redis as the cache.
# Prints requests/s and response times of both and the ratio. A benchmark: fails nothing.
#
#   bash bench/load/dashboard_scale.sh [DURATION] [K]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-60}"
K="${2:-16}"
PORT="${LOAD_PORT:-8078}"
PY=.venv/bin/python
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=0
export DATABASE_URL="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}/cbo_bench_$K"
export REDIS_URL="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/13}"
export PYTHONPATH="$PWD"
export DJANGO_SETTINGS_MODULE=config.settings.production
redis-cli -u "$REDIS_URL" flushdb >/dev/null
$PY manage.py collectstatic --noinput -v0
COOKIE="$($PY - <<'PY'
import django
django.setup()
from django.contrib.auth import get_user_model
from bench.sessions import session_key
from core import roles
from core.services import user_create_with_role
user = get_user_model().objects.filter(username="bench.board").first() or user_create_with_role(
    username="bench.board", role=roles.BOARD_MEMBER)
print(session_key(user))
PY
)"
export DJANGO_SETTINGS_MODULE=bench.load.floor_settings FLOOR_FILE="$WORK/floor.html"
: >"$FLOOR_FILE"
serve() {
  .venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
    --log-level warning >>"$WORK/gunicorn.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 60); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return
    sleep 0.5
  done
  echo "gunicorn did not start"; cat "$WORK/gunicorn.log"; exit 1
}
serve
# the floor's bytes: the dashboard as the same user sees it
curl -fs -H "Cookie: sessionid=$COOKIE" "http://127.0.0.1:$PORT/dashboard/" >"$FLOOR_FILE"
echo "dashboard: $(wc -c <"$FLOOR_FILE") bytes, $(gzip -c "$FLOOR_FILE" | wc -c) gzipped"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
serve   # again, now with the floor's bytes loaded
run() {
  LOAD_URL="$1" LOAD_COOKIE="$COOKIE" .venv/bin/locust -f bench/load/dashboard_locust.py \
    --headless --host "http://127.0.0.1:$PORT" -u 20 -r 20 -t "${DURATION}s" --only-summary \
    --stop-timeout 5 --json-file "$WORK/$2" >"$WORK/$2.log" 2>&1 || true
}
run /dashboard/ dashboard
run /__floor__/ floor
$PY - "$WORK" "$DURATION" <<'PY'
import json, sys
work, duration = sys.argv[1], int(sys.argv[2])
out = {}
for name in ("dashboard", "floor"):
    stats = json.load(open(f"{work}/{name}.json"))
    n = sum(s["num_requests"] for s in stats)
    fails = sum(s["num_failures"] for s in stats)
    times = sorted(int(ms) for s in stats for ms, c in s["response_times"].items() for _ in range(c))
    pct = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else 0
    out[name] = n / duration
    print(f"{name}: {n} requests, {fails} failures, {n / duration:.1f} requests/s, "
          f"median {pct(0.5)} ms, 95th percentile {pct(0.95)} ms")
print(f"dashboard requests/s as a share of the floor's: {out['dashboard'] / out['floor']:.2f} "
      "(goal: at least 0.33)")
PY
