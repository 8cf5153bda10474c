"""The Board pack is navigable (issue 11, item 8): contents with in-page links, sections in
reading order, PDF bookmarks for the same sections, tagged PDF, periods as labels, figures
with their units, charts with their figures as text; the session page shows a message once."""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from indicators import status
from indicators.figures import figure_text
from outcomes.board import packs
from outcomes.board import services as board
from outcomes.models import BoardPack
from tests.outcomes.conftest import QUARTER, approve

pytestmark = pytest.mark.django_db

SECTION_IDS = ["pack-summary", "pack-focus", "pack-voice", "pack-actions", "pack-dashboard"]
TEMPLATES = Path(settings.BASE_DIR) / "templates"


class Page(HTMLParser):
    """Ids in document order, the contents' links, bookmarks' h2s, SVGs and visible text."""

    def __init__(self, html: str):
        super().__init__()
        self.ids, self.contents, self.svgs, self.text = [], [], [], []
        self._in_contents = self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "nav" and "app-pack__contents" in (attrs.get("class") or ""):
            self._in_contents = 1
        if tag == "a" and self._in_contents:
            self.contents.append([attrs.get("href"), ""])
        if tag == "svg":
            self.svgs.append(attrs)
        if tag in ("style", "script"):
            self._skip = 1

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_contents = 0
        if tag in ("style", "script"):
            self._skip = 0

    def handle_data(self, data):
        if self._in_contents and self.contents:
            self.contents[-1][1] += data
        if not self._skip:
            self.text.append(data)


@pytest.fixture
def snapshot(session, performance_lead):
    """A session's snapshot with a days and a count figure, voice, an action and a revision."""
    approve("ADOPTION-A1-DAYS", QUARTER, "426")
    for month, value in [("2019-07", "1120"), ("2019-08", "1125"), ("2019-09", "1131")]:
        approve("CIN-TOTAL", month, value)
    status.status_compute_period(period_code=QUARTER)
    board.voice_add(
        user=performance_lead, session=session, group="Youth Council", said="Listen to us."
    )
    snap = packs.snapshot_build(session, as_at=datetime(2019, 10, 20, 9, 0, tzinfo=UTC))
    snap["previous"] = {"id": 1, "as_at": "2019-10-01T09:00:00+00:00", "session": "Earlier"}
    snap["revisions"] = [
        {
            "code": "LAC-WITHIN-20-MILES",
            "name": "Placed within 20 miles",
            "period": "2019-09",
            "before": "85.1",
            "after": "86.2",
        }
    ]
    return snap


def print_html(snap) -> str:
    return render_to_string(
        "outcomes/pack_print.html", {**packs.pack_context(snap), "council_name": "Manchester"}
    )


def published(session, snap) -> BoardPack:
    return BoardPack.objects.create(
        session=session,
        state=BoardPack.State.PUBLISHED,
        as_at=datetime(2019, 10, 20, 9, 0, tzinfo=UTC),
        snapshot=snap,
        progress=100,
    )


def section_text(html: str, section_id: str) -> str:
    """The text of one section: from its heading to the next section's."""
    start = html.index(f'id="{section_id}"')
    ends = [html.index(f'id="{s}"') for s in SECTION_IDS if html.index(f'id="{s}"') > start]
    return html[start : min(ends, default=len(html))]


def test_contents_links_each_section_in_order_on_the_web_page(
    client, board_member, session, snapshot
):
    pack = published(session, snapshot)
    client.force_login(board_member)
    page = Page(client.get(f"/board/packs/{pack.pk}/").content.decode())
    hrefs = [href for href, _ in page.contents]
    assert hrefs == [f"#{i}" for i in SECTION_IDS]
    # Each link resolves to exactly one element, and the sections come in the contents' order.
    for section_id in SECTION_IDS:
        assert page.ids.count(section_id) == 1
    assert sorted(SECTION_IDS, key=page.ids.index) == SECTION_IDS
    assert [label.strip() for _, label in page.contents] == [
        "Summary and exceptions",
        "Focus theme: Safe",
        "What children and young people said",
        "Actions: who will do what, by when",
        "Appendix: every Safe indicator, Q2 2019/20 (Jul–Sep 2019)",
    ]
    assert len(page.ids) == len(set(page.ids)), "duplicate ids on the pack page"


def test_sections_hold_their_content_in_order(session, snapshot):
    html = print_html(snapshot)
    summary = section_text(html, "pack-summary")
    assert 'id="pack-headline"' in summary  # the RAG counts
    assert "Exceptions in the other themes: Red, or worse than target two quarters" in summary
    assert "Revised since the previous pack" in summary and 'id="pack-session"' in summary
    focus = section_text(html, "pack-focus")
    assert 'id="focus-LAC-WITHIN-20-MILES"' in focus and "The chart's figures" in focus
    assert "Listen to us." in section_text(html, "pack-voice")
    assert "Listen to us." not in focus and "Listen to us." not in summary
    assert "No actions were agreed" in section_text(html, "pack-actions")
    appendix = section_text(html, "pack-dashboard")
    assert "Last 8 quarters" in appendix and "Last 8 quarters" not in summary


def test_exceptions_are_every_red_and_two_quarters_worse(session, snapshot):
    dashboard = snapshot["dashboard"]
    tiles = [t for th in dashboard["themes"] for t in th["indicators"]]
    red, amber, worse = (dict(tiles[i]) for i in range(3))
    red.update(code="R", name="Red one", rag="red", value="1", quarters_worse_than_target=1)
    amber.update(code="A", name="Amber once", rag="amber", value="2", quarters_worse_than_target=1)
    worse.update(code="W", name="Amber twice", rag="amber", value="3", quarters_worse_than_target=3)
    other = next(t for t in dashboard["themes"] if t["name"] != "Safe")  # not the focus
    focus = next(t for t in dashboard["themes"] if t["name"] == "Safe")
    focus_red = dict(tiles[3], code="F", name="Focus red", rag="red", value="4")
    dashboard["themes"] = [
        {**focus, "indicators": [focus_red]},
        {**other, "indicators": [amber, worse, red]},
    ]
    dashboard["exceptions"] = ["F", "R", "W"]
    html = print_html(snapshot)
    summary = section_text(html, "pack-summary")
    assert summary.index("Red one") < summary.index("Amber twice")
    assert "Amber once" not in summary
    # the focus theme's own exceptions lead the focus section, not the summary (issue 13)
    assert "Focus red" not in summary and "come first in the focus section" in summary
    old = {**snapshot, "version": 1}
    assert "Focus red" in section_text(print_html(old), "pack-summary")
    # A snapshot from before the dashboard listed its exceptions: the same rule over the tiles.
    del dashboard["exceptions"]
    for tile in (red, amber, worse):
        tile["quarters_below_target"] = tile.pop("quarters_worse_than_target")
    assert [t["code"] for t in packs.pack_context(snapshot)["pack"]["exception_tiles"]] == [
        "R",
        "W",
    ]  # "F", the focus theme's, leads the focus section


def test_pdf_bookmarks_are_the_sections_in_order(session, snapshot):
    document = packs.pack_document(print_html(snapshot))
    tree = document.make_bookmark_tree()
    assert [label for label, *_ in tree] == [s["label"] for s in packs.pack_sections(snapshot)]
    children = {label: [c[0] for c in kids] for label, _, kids, _ in tree}
    focus_names = [i["name"] for i in snapshot["focus"]]
    assert children["Focus theme: Safe"] == focus_names
    # the appendix holds the focus theme only (issue 13); other themes show as exceptions
    assert children["Appendix: every Safe indicator, Q2 2019/20 (Jul–Sep 2019)"] == ["Safe"]
    assert children["Summary and exceptions"] == []  # no noise: sub-headings make no bookmark
    pages = [target[0] for _, target, _, _ in tree]
    assert pages == sorted(pages) and pages[0] >= 1  # the contents page comes first


def test_pdf_is_tagged_pdf_ua_with_an_outline_and_a_linked_contents(session, snapshot):
    import pypdf

    reader = pypdf.PdfReader(BytesIO(packs.pack_pdf(snapshot)))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert [o.title for o in reader.outline if not isinstance(o, list)][:2] == [
        "Summary and exceptions",
        "Focus theme: Safe",
    ]
    first_page_links = [
        a.get_object() for a in reader.pages[0].get("/Annots", []) if a.get_object()["/Subtype"]
    ]
    assert len([a for a in first_page_links if a["/Subtype"] == "/Link"]) >= len(SECTION_IDS)
    assert "Contents" in reader.pages[0].extract_text()


def test_periods_are_labels_and_figures_carry_their_units(session, snapshot):
    for item in snapshot["focus"]:  # the test's commentary says "Month 2019-09.": free text
        for comment in item["commentary"]:
            comment["text"] = "Steady."
    html = print_html(snapshot)
    text = " ".join(Page(html).text)
    # No period code anywhere a reader sees: labels instead.
    assert not re.search(r"FY\d{4}-\d{2}(-Q\d)?|\b\d{4}-\d{2}\b", text), re.findall(
        r"\S*(?:FY\d{4}-\d{2}\S*|\b\d{4}-\d{2}\b)\S*", text
    )[:5]
    revisions = section_text(html, "pack-summary")
    assert "September 2019" in revisions and "85.1%" in revisions and "86.2%" in revisions
    assert "Q2 2019/20 (Jul–Sep 2019)" in text
    # Every figure goes through the one number format (indicators.figures), unit and all.
    appendix = section_text(html, "pack-dashboard")
    tiles = {t["code"]: t for th in snapshot["dashboard"]["themes"] for t in th["indicators"]}
    for code in ("LAC-WITHIN-20-MILES", "ADOPTION-A1-DAYS", "CIN-TOTAL"):
        tile = tiles[code]
        shown = figure_text(tile["value"], tile["unit"], against=tile["target"])
        row = appendix[appendix.index(tile["name"]) :].split("</tr>")[0]
        assert f">{shown}" in row, (code, shown, row[:300])
    assert ">86.2%" in appendix
    assert tiles["ADOPTION-A1-DAYS"]["value"] == "426" and tiles["CIN-TOTAL"]["value"] == "1131"
    focus = section_text(html, "pack-focus")
    assert ">86.2%<" in focus  # the chart's figures, September 2019


def test_every_chart_has_its_figures_as_text_and_shrinks_to_fit(session, snapshot):
    html = print_html(snapshot)
    page = Page(html)
    charts = [s for s in page.svgs if "app-pack-chart" in (s.get("class") or "")]
    sparklines = [s for s in page.svgs if "app-sparkline" in (s.get("class") or "")]
    assert charts and sparklines and len(charts) + len(sparklines) == len(page.svgs)
    for chart in charts:  # scales by its viewBox; CSS max-width:100%; height:auto
        assert chart["viewbox"].startswith("0 0 ") and chart["role"] == "img"
    for item in snapshot["focus"]:
        figures = section_text(html, "pack-focus").split(f'id="focus-{item["code"]}"')[1]
        for point in item["series"]:
            assert point["label"] in figures.split("</table>")[0]
    # A sparkline is hidden from assistive technology and its figures are given as text.
    assert all(s.get("aria-hidden") == "true" and "role" not in s for s in sparklines)
    hidden = re.findall(r'<span class="govuk-visually-hidden">([^<]*last 8 quarters[^<]*)', html)
    assert len(hidden) == len(sparklines) and "86.2%" in " ".join(hidden)
    scss = (Path(settings.BASE_DIR) / "static_src/scss/app.scss").read_text()
    rule = scss[scss.index(".app-pack-chart {") :].split("}")[0]
    assert "max-width: 100%" in rule and "height: auto" in rule
    assert "svg { max-width: 100%; height: auto; }" in html  # the print/PDF stylesheet


def _figure_alts(reader) -> list[str]:
    """The alternate text of every Figure in a tagged PDF's structure tree, in order."""
    found = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_in_the_pdf_a_sparkline_is_a_figure_with_its_figures_as_alternate_text(session, snapshot):
    """The PDF gives a sparkline's figures as the figure's alternate text (its SVG <title>),
    not as a visually hidden span beside it (issue 13: those spans cost a quarter of the L
    pack's layout time); the web page keeps the hidden text."""
    import pypdf

    context = {**packs.pack_context(snapshot), "council_name": "Manchester", "for_pdf": True}
    pdf_html = render_to_string("outcomes/pack_print.html", context)
    assert "last 8 quarters" not in "".join(
        re.findall(r'<span class="govuk-visually-hidden">[^<]*', pdf_html)
    )
    focus = snapshot["session"]["focus_theme"]["code"]
    shown = [  # the appendix: the focus theme's indicators, each with its sparkline
        t
        for th in snapshot["dashboard"]["themes"]
        if th["code"] == focus
        for t in th["indicators"]
        if t["sparkline_svg"]
    ]
    titles = re.findall(r'<svg class="app-sparkline"[^>]*><title>([^<]*)</title>', pdf_html)
    assert shown and len(titles) == len(shown)
    alts = _figure_alts(pypdf.PdfReader(BytesIO(packs.pack_pdf(snapshot))))
    sparkline_alts = [a for a in alts if "last 8 quarters" in a]
    assert len(sparkline_alts) == len(shown) and any("86.2%" in a for a in sparkline_alts)
    assert all(alts), "every figure in the PDF has alternate text"
    # the web page (not for the PDF) still hides the image and gives the figures as text
    assert len(
        re.findall(
            r'<span class="govuk-visually-hidden">[^<]*last 8 quarters', print_html(snapshot)
        )
    ) == len(shown)


def test_a_version_1_snapshot_still_shows_the_full_dashboard_in_its_appendix(session, snapshot):
    """Published packs render as they were published: before issue 13 the appendix held every
    theme and every focus indicator had its own section."""
    old = {k: v for k, v in snapshot.items() if k != "focus_count"}
    old["version"] = 1
    html = print_html(old)
    appendix = section_text(html, "pack-dashboard")
    assert "Appendix: the full dashboard, Q2 2019/20 (Jul–Sep 2019)" in appendix
    for theme in snapshot["dashboard"]["themes"]:
        assert f'id="pack-theme-{theme["code"].lower()}"' in appendix
    assert 'id="pack-focus-more"' not in html
    new = section_text(print_html(snapshot), "pack-dashboard")
    others = [t for t in snapshot["dashboard"]["themes"] if t["name"] != "Safe"]
    assert others and not [t for t in others if f'id="pack-theme-{t["code"].lower()}"' in new]


def test_pack_context_leaves_the_frozen_snapshot_alone(session, snapshot):
    import copy

    before = copy.deepcopy(snapshot)
    packs.pack_context(snapshot)
    assert snapshot == before


def test_session_page_shows_a_success_message_once(client, performance_lead, session):
    client.force_login(performance_lead)
    response = client.post(
        f"/board/sessions/{session.pk}/edit/",
        {
            "title": "Renamed session",
            "date": "2019-10-24",
            "period": session.period.pk,
            "focus_theme": session.focus_theme.pk,
            "version": str(session.version),
        },
        follow=True,
    )
    html = response.content.decode()
    assert html.count("Session saved") == 1
    ids = Page(html).ids
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize(
    "name",
    [
        "outcomes/_pack_body.html",
        "outcomes/pack_print.html",
        "outcomes/board/pack_detail.html",
        "outcomes/board/session_detail.html",
        "includes/messages.html",
    ],
)
def test_pack_templates_have_no_inline_style_attributes_or_scripts(name):
    source = (TEMPLATES / name).read_text()
    assert not re.search(r"\sstyle\s*=", source)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source)  # only external scripts
    assert not re.search(r"\son[a-z]+\s*=", source)  # no inline event handlers
