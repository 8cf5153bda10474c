"""`manage.py check --deploy` with the production settings reports nothing at all."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # 67 random characters
            "DJANGO_ALLOWED_HOSTS": "outcomes.manchester.example",
            "DJANGO_DEBUG": "0",
            "REDIS_URL": "redis://redis.example:6379/0",  # production refuses eager tasks
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_with_production_settings_has_no_warnings():
    out = run_check()
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues (0 silenced)." in out.stdout, out.stdout


def test_check_deploy_catches_a_weak_secret_key():
    """The check is live: a short key is a warning (and a failing exit)."""
    out = run_check(DJANGO_SECRET_KEY="short-key")
    assert out.returncode != 0
    assert "security.W009" in out.stdout + out.stderr
