"""Scripts and styles come from static files only, so a strict Content-Security-Policy
(script-src 'self'; style-src 'self') holds on every page: no inline <script>, no <style>
element and no style="" attribute in any template a browser is served."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Rendered only into a PDF by WeasyPrint, never served to a browser as a page.
PDF_ONLY = {"templates/outcomes/pack_print.html"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


def _templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        yield from folder.rglob("*.html")


def test_no_inline_script_or_style_in_templates():
    found = []
    for path in _templates():
        name = str(path.relative_to(ROOT))
        if name in PDF_ONLY:
            continue
        text = path.read_text(encoding="utf-8")
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
