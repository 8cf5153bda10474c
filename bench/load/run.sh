#!/usr/bin/env bash
# Load run (issue 12, item 8): gunicorn (production settings, DEBUG off) on PostgreSQL with a
# real Celery worker on Redis, then locust headless on 127.0.0.1 with 40 Board members, 10
# officers and 2 leads for DURATION seconds (default 120). Then the database is checked:
# every return the API created exists exactly once, each submitted or approved.
# Prints locust's figures and the check; exits 1 on any failed request or mismatch.
#
#   bash bench/load/run.sh [DURATION]       (.ci/run uses 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-120}"
PORT="${LOAD_PORT:-8079}"
PY=.venv/bin/python
DB=cbo_load
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=config.settings.production
export DJANGO_SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=0   # plain HTTP on 127.0.0.1; everything else as production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/12}"
export LOAD_DATA="$WORK/load.json"
export PYTHONPATH="$PWD"   # bench/load/setup_load.py imports bench.sessions

dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
$PY manage.py migrate --noinput -v0
$PY manage.py load_framework -v0 >/dev/null
$PY manage.py load_real_figures -v0 >/dev/null
$PY manage.py load_commitments -v0 >/dev/null
$PY manage.py seed_demo -v0 >/dev/null   # figures for the Board to read; officers enter the rest
$PY manage.py collectstatic --noinput -v0
$PY bench/load/setup_load.py "$LOAD_DATA"

.venv/bin/celery -A config.celery_app worker -Q celery,heavy --concurrency 1 --loglevel warning \
  >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 3 \
  --log-level warning >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

status=0
.venv/bin/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u 52 -r 26 -t "${DURATION}s" --stop-timeout 10 --only-summary \
  --json-file "$WORK/load" >"$WORK/locust.log" 2>&1 || status=$?
tail -n 40 "$WORK/locust.log" | sed -n '/Type  *Name/,$p'

$PY - "$WORK/load.json" "$status" "$DURATION" <<'PY'
import json, sys
import django
django.setup()
from django.db.models import Count
from indicators.models import Return

stats = json.load(open(sys.argv[1]))
requests = sum(s["num_requests"] for s in stats)
failures = sum(s["num_failures"] for s in stats)
create = [s for s in stats if s["name"] == "/api/returns/ (create)"]
created = sum(s["num_requests"] - s["num_failures"] for s in create)
times = sorted(
    int(ms) for s in stats for ms, n in s["response_times"].items() for _ in range(n)
)
made = Return.objects.filter(commentary="Load test figure.")
dupes = made.values("indicator", "period").annotate(n=Count("id")).filter(n__gt=1).count()
by_status = dict(made.values_list("status").annotate(n=Count("id")))
pct = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else 0
print(f"requests {requests}, failures {failures}, {requests / int(sys.argv[3]):.1f} requests/s, "
      f"median {pct(0.5)} ms, 95th percentile {pct(0.95)} ms")
print(f"returns created by the API {created}, in the database {made.count()}, "
      f"duplicates {dupes}, by status {by_status}")
ok = (failures == 0 and created == made.count() and dupes == 0
      and set(by_status) <= {"submitted", "approved"} and sys.argv[2] == "0")
print("load run: OK" if ok else "load run: FAILED")
sys.exit(0 if ok else 1)
PY
