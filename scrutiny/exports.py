"""Exports of the Monitor, the Overview Report and action plans: CSV and Word (.docx).

The Word documents follow the Overview Report's layout (Recommendations Monitor, Key
Decisions, Work Programme, in the seed's order) so they can be pasted into the next one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from core.spreadsheets import safe_cell

from .models import ActionPlan, KeyDecision, Recommendation
from .selectors import PlanRecommendationRows, WorkProgrammeSection

MONITOR_HEADERS = ["Date", "Item", "Recommendation", "Action", "Contact Officer", "Status", "Due"]
KEY_DECISION_HEADERS = [
    "Subject / Decision",
    "Decision Maker",
    "Decision Due Date",
    "Consultation",
    "Background documents",
    "Officer Contact",
]
WORK_PROGRAMME_HEADERS = [
    "Item",
    "Purpose",
    "Executive Member",
    "Strategic Director/ Lead Officer",
    "Comments",
]
ACTION_PLAN_HEADERS = [
    "Recommendation",
    "Action Required",
    "Lead Manager",
    "Expected Date of Completion",
    "Status",
    "RAG",
    "Latest update",
]


def _day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def monitor_row(rec: Recommendation) -> list[str]:
    return [
        f"{_day(rec.date)} (note: {rec.date_note})" if rec.date_note else _day(rec.date),
        f"{rec.item.ref} {rec.item.title}".strip(),
        rec.text,
        rec.action,
        rec.contact_officer_display,
        rec.get_status_display(),
        _day(rec.due_date),
    ]


def _csv(headers: list[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def filter_lines(choice) -> list[str]:
    """What the export says about its filters: those applied and any ignored (and why)."""
    if choice is None:
        return []
    lines = [f"Filters applied: {choice.applied_text}"]
    if choice.ignored:
        lines.append(f"Filters ignored: {choice.ignored_text}")
    return lines


def monitor_csv(
    recommendations: Iterable[Recommendation], *, choice=None, today: date | None = None
) -> str:
    """The Monitor as CSV. With the page's filter choice, a short preamble comes first (title
    and date, the filters applied, any ignored), then a blank line, then the table."""
    preamble = []
    if choice is not None:
        title = "Recommendations Monitor" + (f", as at {_day(today)}" if today else "")
        preamble = [title, *filter_lines(choice)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in preamble:
        writer.writerow([safe_cell(line)])
    if preamble:
        writer.writerow([])
    buffer.write(_csv(MONITOR_HEADERS, (monitor_row(r) for r in recommendations)))
    return buffer.getvalue()


def action_plan_rows(rows: list[PlanRecommendationRows]) -> list[list[str]]:
    out = []
    for group in rows:
        rec = group.recommendation
        for row in group.actions:
            action = row.action
            latest = row.updates[-1] if row.updates else None
            out.append(
                [
                    f"{rec.number}. {rec.text}",
                    f"{action.label} {action.text}".strip(),
                    action.lead_display,
                    action.expected_display,
                    row.status.label if row.status else action.get_status_display(),
                    row.rag.replace("_", " ").capitalize(),
                    f"{latest.period_label}: {latest.text}" if latest else "",
                ]
            )
    return out


def action_plan_csv(rows: list[PlanRecommendationRows]) -> str:
    return _csv(ACTION_PLAN_HEADERS, action_plan_rows(rows))


# --- Word -----------------------------------------------------------------------------------


def _document(title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    # Landscape, as the Overview Report's tables are wide.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    doc.add_heading(title, level=0)
    return doc


def _table(doc: Document, headers: list[str], rows: Iterable[list[str]]):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value or ""
    return table


def overview_docx(
    *,
    recommendations: Iterable[Recommendation],
    key_decisions: Iterable[KeyDecision],
    work_programme: list[WorkProgrammeSection],
    today: date,
    choice=None,
) -> bytes:
    """The Overview Report's sections, in its order: 1. the Monitor, 2. Key Decisions,
    3. the Work Programme."""
    doc = _document("Overview Report")
    doc.add_paragraph(f"Children and Young People Scrutiny Committee – prepared {_day(today)}")
    doc.add_heading("1. Monitoring Previous Recommendations", level=1)
    for line in filter_lines(choice):
        doc.add_paragraph(line)
    _table(doc, MONITOR_HEADERS[:5], (monitor_row(r)[:5] for r in recommendations))
    doc.add_heading("2. Key Decisions", level=1)
    _table(
        doc,
        KEY_DECISION_HEADERS,
        (
            [
                "\n".join(p for p in (f"{k.subject} {k.ref}".strip(), k.description) if p),
                k.decision_maker,
                k.due_text or _day(k.due_date),
                k.consultation,
                k.background_documents,
                k.officer_display,
            ]
            for k in key_decisions
        ),
    )
    doc.add_heading("3. Work Programme", level=1)
    for section in work_programme:
        doc.add_heading(section.title, level=2)
        _table(
            doc,
            WORK_PROGRAMME_HEADERS,
            (
                [i.item, i.purpose, i.executive_member, i.lead_officer, i.comments]
                for i in section.items
            ),
        )
    return _bytes(doc)


def action_plan_docx(*, plan: ActionPlan, rows: list[PlanRecommendationRows], today: date) -> bytes:
    doc = _document(plan.title)
    details = [plan.subject, plan.body, f"Rating: {plan.rating}" if plan.rating else ""]
    doc.add_paragraph(" – ".join(d for d in details if d))
    doc.add_paragraph(f"RAG as at {_day(today)}.")
    _table(doc, ACTION_PLAN_HEADERS, action_plan_rows(rows))
    return _bytes(doc)


def _bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
