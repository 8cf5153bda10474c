#!/usr/bin/env bash
# Lighthouse 12.2.3 (desktop preset, Debian's Chromium) on the dashboard and an indicator page,
# signed in as a Board member, against the app served production-like: gunicorn, DEBUG off,
# collected and fingerprinted static files (whitenoise), the demo data. Prints each page's
# performance, accessibility and best-practices scores, and writes the JSON reports to
# bench/results/. Goal (issue 11): performance >= 0.95, accessibility 1.0, best practices 1.0.
#
#   bash bench/lighthouse.sh            (or: make lighthouse)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
LH_DIR=bench/.lighthouse
PORT="${LIGHTHOUSE_PORT:-8077}"
RESULTS=bench/results
mkdir -p "$RESULTS"

if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LH_DIR"
  (cd "$LH_DIR" && printf '{"private": true}\n' > package.json &&
    npm install --no-audit --no-fund --loglevel=error -E lighthouse@12.2.3)
fi

WORK="$(mktemp -d)"
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=config.settings.production
export DJANGO_SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=0   # plain HTTP on 127.0.0.1; everything else as production
export DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/13}"

$PY manage.py migrate --noinput -v0
$PY manage.py load_framework -v0
$PY manage.py load_real_figures -v0
$PY manage.py load_commitments -v0
$PY manage.py seed_demo -v0 >/dev/null
$PY manage.py collectstatic --noinput -v0 --settings=config.settings.production
COOKIE="$($PY bench/sessions.py board_member)"

.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --log-level warning &
GUNICORN_PID=$!
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

run() {  # name, path
  "$LH_DIR/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$2" --preset=desktop \
    --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
    --only-categories=performance,accessibility,best-practices \
    --extra-headers="{\"Cookie\": \"$COOKIE\"}" \
    --output=json --output-path="$RESULTS/lighthouse-$1.json" --quiet
}
run dashboard "/dashboard/"  # opens on the latest quarter that has ended
run indicator "/indicators/LAC-WITHIN-20-MILES/"

$PY - "$RESULTS" <<'PY'
import json, sys
from pathlib import Path
results = Path(sys.argv[1])
print(f"{'page':<12}{'performance':>13}{'accessibility':>15}{'best practices':>16}   LCP     TBT")
for name in ("dashboard", "indicator"):
    report = json.loads((results / f"lighthouse-{name}.json").read_text())
    cats, audits = report["categories"], report["audits"]
    scores = [cats[c]["score"] for c in ("performance", "accessibility", "best-practices")]
    lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
    tbt = audits["total-blocking-time"]["numericValue"]
    print(f"{name:<12}{scores[0]:>13.2f}{scores[1]:>15.2f}{scores[2]:>16.2f}   {lcp:.2f}s  {tbt:.0f}ms")
    for cat in ("accessibility", "best-practices"):
        for ref in cats[cat]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                print(f"  {cat}: {ref['id']}: {audit['title']}")
PY
