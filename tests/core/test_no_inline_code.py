"""Scripts and styles come from static files only, so a strict Content-Security-Policy
(script-src 'self'; style-src 'self') holds on every page: no inline <script>, no <style>
element and no style="" attribute in any template a browser is served."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The printable pack (also WeasyPrint's source for the PDF) keeps its page CSS in one <style>
# element that carries the response's CSP nonce.
NONCED_STYLE = {"templates/outcomes/pack_print.html"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


def _templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        yield from folder.rglob("*.html")


def test_no_inline_script_or_style_in_templates():
    found = []
    for path in _templates():
        name = str(path.relative_to(ROOT))
        text = path.read_text(encoding="utf-8")
        if name in NONCED_STYLE:
            assert text.count("<style") == text.count('<style nonce="{{ request.csp_nonce }}">')
            text = text.replace("<style", "")
        if INLINE_SCRIPT.search(text):
            found.append(f"{name}: inline <script>")
        if "<style" in text:
            found.append(f"{name}: <style> element")
        if re.search(r"\sstyle=", text):
            found.append(f"{name}: style attribute")
    assert found == []


def test_the_check_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/dist/init.js" defer></script>')


@pytest.mark.django_db
def test_every_page_gets_a_strict_policy(client):
    policy = client.get("/accounts/login/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"  # no nonce on a page that does not use one
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
