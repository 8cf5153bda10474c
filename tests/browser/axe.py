"""Run axe-core in a Playwright page and fail on any WCAG 2.2 A/AA violation.

    from tests.browser.axe import assert_no_axe_violations
    assert_no_axe_violations(page, "dashboard")

axe is injected from static/dist/axe.min.js (built by `npm run build` from the pinned
axe-core package), straight from disk: the page under test needs no script for it.
"""

from __future__ import annotations

from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "static" / "dist" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """
(tags) => axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations'],
}).then((results) => results.violations.map((v) => ({
  id: v.id,
  impact: v.impact,
  help: v.help,
  helpUrl: v.helpUrl,
  count: v.nodes.length,
  targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  summary: v.nodes.length ? (v.nodes[0].failureSummary || '') : '',
})))
"""


def axe_violations(page, tags: list[str] | None = None) -> list[dict]:
    """The axe violations on the page as it is now (injecting axe once per document)."""
    if not AXE_PATH.exists():
        raise AssertionError(
            f"{AXE_PATH} is missing: build the front-end assets first (npm ci && npm run build)."
        )
    if not _has_axe(page):
        # Evaluated through DevTools, not added as a <script>: the page's strict
        # Content-Security-Policy would refuse (and report) an inline script tag.
        page.evaluate(AXE_PATH.read_text("utf-8"))
    return page.evaluate(_RUN_AXE, tags or WCAG_TAGS)


def _has_axe(page) -> bool:
    return page.evaluate("() => typeof window.axe !== 'undefined'")


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['count']} node(s)]")
        for target in v["targets"]:
            lines.append(f"    at {target}")
        if v.get("summary"):
            first = v["summary"].strip().splitlines()
            lines.append("    " + " / ".join(line.strip() for line in first[:3]))
    return "\n".join(lines)


def assert_no_axe_violations(page, context_label: str = "") -> None:
    """Raise AssertionError listing every WCAG 2.2 A/AA violation axe finds on the page."""
    violations = axe_violations(page)
    if violations:
        where = f" on {context_label}" if context_label else ""
        raise AssertionError(
            f"axe found {len(violations)} accessibility violation(s){where} ({page.url}):\n"
            + format_violations(violations)
        )
