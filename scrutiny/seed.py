"""The seed loader: the Scrutiny Committee's records from fixtures/scrutiny/*.yaml (seed 004),
idempotent; run by load_scrutiny and load_framework."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from django.db import transaction

from core.loaders import read_yaml, upsert
from scrutiny import rules
from scrutiny.models import (
    Action,
    ActionPlan,
    ActionUpdate,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    InformationItem,
    Inspection,
    KeyDecision,
    Meeting,
    PlanRecommendation,
    Recommendation,
    RecommendationUpdate,
    WorkProgrammeItem,
)
from scrutiny.services._common import SCRUTINY_DIR, ScrutinyDataError, logger


def _text(value) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


@transaction.atomic
def scrutiny_seed_load(*, directory: Path = SCRUTINY_DIR) -> Counter:
    """Load seed 004's scrutiny records from fixtures/scrutiny/*.yaml (idempotent)."""
    counter: Counter = Counter()
    committees = _load_committees(
        counter, read_yaml(directory, "committee.yaml", error=ScrutinyDataError)
    )
    committee = next(iter(committees.values()))
    items = _load_meetings(
        counter, committee, read_yaml(directory, "meetings.yaml", error=ScrutinyDataError)
    )
    recs = _load_recommendations(
        counter, items, read_yaml(directory, "recommendations.yaml", error=ScrutinyDataError)
    )
    actions = _load_action_plans(
        counter, committee, read_yaml(directory, "action_plans.yaml", error=ScrutinyDataError)
    )
    _load_work_programme(
        counter, committee, read_yaml(directory, "work_programme.yaml", error=ScrutinyDataError)
    )
    _load_key_decisions(
        counter, read_yaml(directory, "key_decisions.yaml", error=ScrutinyDataError)
    )
    inspections_path = directory / "inspections.yaml"
    if inspections_path.exists():
        _load_inspections(
            counter, read_yaml(directory, "inspections.yaml", error=ScrutinyDataError)
        )
    links_path = directory / "links.yaml"
    if links_path.exists():
        links = yaml.safe_load(links_path.read_text("utf-8")) or {}
        _load_links(counter, recs, actions, links)
        _load_plan_recommendation_links(counter, links)
    return counter


def _load_committees(counter, data) -> dict[str, Committee]:
    committees = {}
    for c in data:
        committee = upsert(
            counter,
            Committee,
            {"code": c["code"]},
            {
                "name": c["name"],
                "remit": _text(c.get("remit")),
                "committee_officer_name": c.get("committee_officer_name", ""),
                "committee_officer_post": c.get("committee_officer_post", ""),
                "committee_officer_email": c.get("committee_officer_email", ""),
                "source": c["source"],
            },
        )
        committees[committee.code] = committee
        for order, m in enumerate(c.get("members") or [], start=1):
            upsert(
                counter,
                CommitteeMember,
                {
                    "committee": committee,
                    "kind": m["kind"],
                    "name": m["name"],
                    "represents": m.get("represents", ""),
                },
                {
                    "full_name": m.get("full_name", ""),
                    "is_chair": bool(m.get("is_chair")),
                    "voting": m.get("voting"),
                    "order": order,
                    "source": m["source"],
                },
            )
        for order, v in enumerate(c.get("vacancies") or [], start=100):
            upsert(
                counter,
                CommitteeMember,
                {
                    "committee": committee,
                    "kind": CommitteeMember.Kind.CO_OPTED,
                    "name": "Vacant",
                    "represents": v["represents"],
                },
                {"is_vacant": True, "order": order, "source": v["source"]},
            )
    if not committees:
        raise ScrutinyDataError("committee.yaml holds no committee.")
    return committees


def _load_meetings(counter, committee, data) -> dict[str, AgendaItem]:
    """Meetings, items and decisions; returns items by reference."""
    items: dict[str, AgendaItem] = {}
    for m in data:
        meeting = upsert(
            counter,
            Meeting,
            {"committee": committee, "date": m["date"]},
            {
                "time": m.get("time", ""),
                "venue": m.get("venue", ""),
                "agenda_issued": m.get("agenda_issued"),
                "present": _text(m.get("present")),
                "apologies": _text(m.get("apologies")),
                "source": m["source"],
            },
        )
        for order, i in enumerate(m.get("items") or [], start=1):
            ref = i.get("ref", "")
            lookup = {"ref": ref} if ref else {"meeting": meeting, "ref": "", "order": order}
            values = {
                "meeting": meeting,
                "number": i.get("number"),
                "order": order,
                "title": _text(i["title"]),
                "report_of": i.get("report_of", ""),
                "executive_member": i.get("executive_member", ""),
                "summary": _text(i.get("summary")),
                "notes": _text(i.get("notes")),
                "source": m["source"],
            }
            item = upsert(counter, AgendaItem, lookup, values)
            if ref:
                items[ref] = item
            items[f"{meeting.date.isoformat()}#{order}"] = item
            for d_order, d in enumerate(i.get("decisions") or [], start=1):
                upsert(
                    counter,
                    Decision,
                    {"item": item, "order": d_order},
                    {"number": d.get("number"), "text": _text(d["text"]), "source": m["source"]},
                )
        for info in m.get("information_items") or []:
            upsert(
                counter,
                InformationItem,
                {"meeting": meeting, "title": info["title"]},
                {"description": _text(info.get("description")), "source": info["source"]},
            )
    return items


def _load_recommendations(counter, items, data) -> dict[str, Recommendation]:
    recs = {}
    for r in data:
        try:
            item = items[r["item"]]
        except KeyError as exc:
            raise ScrutinyDataError(f"{r['key']}: no item {r['item']} in meetings.yaml.") from exc
        decision = None
        if r.get("decision") is not None:
            decision = item.decisions.filter(number=r["decision"]).first()
            if decision is None:
                raise ScrutinyDataError(f"{r['key']}: {r['item']} has no decision {r['decision']}.")
        action = _text(r.get("action"))
        status = rules.status_from_action(action)
        officer = r.get("contact_officer") or {}
        rec = upsert(
            counter,
            Recommendation,
            {"seed_key": r["key"]},
            {
                "item": item,
                "decision": decision,
                "date": r["date"],
                "date_note": _text(r.get("date_note")),
                "text": _text(r["recommendation"]),
                "contact_officer_name": officer.get("name", ""),
                "contact_officer_post": officer.get("post", ""),
                "source": r["source"],
            },
            create_only={"action": action, "status": status, "due_date": r.get("due_date")},
        )
        recs[r["key"]] = rec
        if r.get("reported"):
            upsert(
                counter,
                RecommendationUpdate,
                {"seed_key": f"{r['key']}@{r['reported']}"},
                {},
                create_only={
                    "recommendation": rec,
                    "date": r["reported"],
                    "text": action,
                    "status": status,
                    "note": "As reported in the Overview Report to the Committee.",
                    "source": r["source"],
                },
            )
    return recs


def _load_action_plans(counter, committee, data) -> dict[tuple, Action]:
    actions = {}
    for p in data:
        meeting = Meeting.objects.filter(committee=committee, date=p.get("meeting")).first()
        agenda_item = None
        if meeting and p.get("agenda_item"):
            agenda_item = meeting.items.filter(number=p["agenda_item"]).first()
        plan = upsert(
            counter,
            ActionPlan,
            {"code": p["code"]},
            {
                "title": p["title"],
                "kind": p["kind"],
                "body": p.get("body", ""),
                "subject": p.get("subject", ""),
                "inspected": p.get("inspected", ""),
                "published": p.get("published", ""),
                "rating": p.get("rating", ""),
                "meeting": meeting,
                "agenda_item": agenda_item,
                "source": p["source"],
            },
        )
        for rec_data in p.get("recommendations") or []:
            rec = upsert(
                counter,
                PlanRecommendation,
                {"plan": plan, "number": rec_data["number"]},
                {
                    "text": _text(rec_data["text"]),
                    "report_section": rec_data.get("report_section", ""),
                    "source": p["source"],
                },
            )
            for position, a in enumerate(rec_data.get("actions") or [], start=1):
                try:
                    expected = rules.parse_expected(str(a.get("expected", "")))
                except ValueError as exc:
                    raise ScrutinyDataError(f"{plan.code} {rec.number}/{position}: {exc}") from exc
                updates = a.get("updates") or []
                status = (
                    rules.action_status_from_text(updates[-1]["text"])
                    if updates
                    else rules.NOT_STARTED
                )
                lead = a.get("lead") or {}
                action = upsert(
                    counter,
                    Action,
                    {"recommendation": rec, "position": position},
                    {
                        "label": a.get("label", ""),
                        "text": _text(a["text"]),
                        "lead_name": lead.get("name", ""),
                        "lead_post": lead.get("post", ""),
                        "expected_text": expected.text,
                        "expected_date": expected.date,
                        "recurrence": expected.recurrence,
                        "source": p["source"],
                    },
                    create_only={"status": status},
                )
                actions[(plan.code, rec.number, position)] = action
                for u in updates:
                    rules.parse_month_code(u["period"])
                    upsert(
                        counter,
                        ActionUpdate,
                        {"seed_key": f"{plan.code}/{rec.number}/{position}@{u['period']}"},
                        {},
                        create_only={
                            "action": action,
                            "period": u["period"],
                            "text": _text(u["text"]),
                            "status": rules.action_status_from_text(u["text"]),
                            "source": p["source"],
                        },
                    )
    return actions


def _load_work_programme(counter, committee, data) -> None:
    for section_order, section in enumerate(data, start=1):
        for order, i in enumerate(section.get("items") or [], start=1):
            upsert(
                counter,
                WorkProgrammeItem,
                {"committee": committee, "section_order": section_order, "order": order},
                {
                    "meeting_date": section.get("date"),
                    "heading": section.get("heading") or "",
                    "report_deadline": section.get("report_deadline"),
                    "is_regular": bool(section.get("regular")),
                    "item": _text(i["item"]),
                    "purpose": _text(i.get("purpose")),
                    "executive_member": i.get("executive_member", ""),
                    "lead_officer": i.get("lead_officer", ""),
                    "comments": _text(i.get("comments")),
                    "source": section["source"],
                },
            )


def _load_key_decisions(counter, data) -> None:
    for order, k in enumerate(data, start=1):
        ref = k.get("ref", "")
        officer = k.get("officer_contact") or {}
        upsert(
            counter,
            KeyDecision,
            {"ref": ref} if ref else {"ref": "", "subject": k["subject"]},
            {
                "subject": k["subject"],
                "description": _text(k.get("description")),
                "decision_maker": k.get("decision_maker", ""),
                "due_text": k.get("due_text", ""),
                "due_date": k.get("due_date"),
                "consultation": _text(k.get("consultation")),
                "background_documents": _text(k.get("background_documents")),
                "officer_name": officer.get("name", ""),
                "officer_post": officer.get("post", ""),
                "officer_email": officer.get("email", ""),
                "register_published": k.get("register_published"),
                "order": order,
                "source": k["source"],
            },
        )


def _load_links(counter, recs, actions, data) -> None:
    """Editorial links to indicators: added only to records that have no links yet, so a
    scrutiny officer's later choice stands. Unknown indicator codes are skipped."""
    from indicators.models import Indicator

    def indicators_for(codes):
        found = list(Indicator.objects.filter(code__in=codes))
        missing = set(codes) - {i.code for i in found}
        if missing:
            logger.warning("Scrutiny links: indicator codes not found: %s", sorted(missing))
        return found

    for link in data.get("recommendations") or []:
        rec = recs.get(link["key"])
        if rec and not rec.indicators.exists():
            found = indicators_for(link.get("indicators") or [])
            if found:
                rec.indicators.add(*found)
                counter["recommendation links added"] += len(found)
    for link in data.get("actions") or []:
        action = actions.get((link["plan"], link["recommendation"], link["position"]))
        if action and not action.indicators.exists():
            found = indicators_for(link.get("indicators") or [])
            if found:
                action.indicators.add(*found)
                counter["action links added"] += len(found)


def _load_plan_recommendation_links(counter, data) -> None:
    """The measures of an action plan's recommendations (its "Measures" on the plan page):
    added only while a recommendation has none, like the other editorial links."""
    from indicators.models import Indicator

    for link in data.get("plan_recommendations") or []:
        rec = PlanRecommendation.objects.filter(
            plan__code=link["plan"], number=link["recommendation"]
        ).first()
        if rec is None or rec.indicators.exists():
            continue
        codes = link.get("indicators") or []
        found = list(Indicator.objects.filter(code__in=codes))
        missing = set(codes) - {i.code for i in found}
        if missing:
            logger.warning("Scrutiny links: indicator codes not found: %s", sorted(missing))
        if found:
            rec.indicators.add(*found)
            counter["plan recommendation links added"] += len(found)


def _load_inspections(counter, data) -> None:
    """The inspection register. Its links to action plans are set when the row is created and
    again only while it has none (a scrutiny officer's later choice stands)."""
    for order, i in enumerate(data, start=1):
        inspection = upsert(
            counter,
            Inspection,
            {"code": i["code"]},
            {
                "inspectorate": i["inspectorate"],
                "title": i["title"],
                "kind": i["kind"],
                "date_text": i.get("date_text", ""),
                "status": i["status"],
                "judgement": i.get("judgement", ""),
                "published": i.get("published", ""),
                "summary": _text(i.get("summary")),
                "note": _text(i.get("note")),
                "order": order,
                "source": i["source"],
            },
        )
        codes = i.get("action_plans") or []
        if codes and not inspection.action_plans.exists():
            plans = list(ActionPlan.objects.filter(code__in=codes))
            if len(plans) != len(set(codes)):
                raise ScrutinyDataError(f"{inspection.code}: unknown action plan in {codes}.")
            inspection.action_plans.add(*plans)
            counter["inspection links added"] += len(plans)
