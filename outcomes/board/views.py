"""Board pages: sessions, young people's voice, actions, key indicators and frozen packs."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import roles
from core.decorators import role_required
from core.forms import form_add_service_errors
from outcomes.board import packs
from outcomes.board import selectors as board_selectors
from outcomes.board import services as board
from outcomes.board.forms import (
    ActionForm,
    ActionUpdateForm,
    KeyIndicatorsForm,
    SessionForm,
    VoiceForm,
)
from outcomes.models import BoardAction, BoardPack, BoardSession, VoiceEntry

reader_required = role_required(*roles.ROLES)
lead_required = role_required(roles.PERFORMANCE_LEAD)


def _crumbs(*extra):
    return [("Board sessions", reverse("board:session_list")), *extra]


def _session_crumb(session):
    return (session.title, reverse("board:session_detail", args=[session.pk]))


def _form_page(request, form, *, title, caption, submit, cancel, crumbs):
    return render(
        request,
        "outcomes/board/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "submit": submit,
            "cancel": cancel,
            "crumbs": crumbs,
        },
    )


@reader_required
def session_list(request):
    sessions = BoardSession.objects.select_related("period", "focus_theme").prefetch_related(
        "packs"
    )
    commitments = board.actions_status_set(board_selectors.commitments(), timezone.localdate())
    return render(
        request,
        "outcomes/board/session_list.html",
        {
            "sessions": sessions,
            "commitments": commitments,
            "can_manage": board.can_manage(request.user),
        },
    )


@reader_required
def session_detail(request, pk: int):
    session = get_object_or_404(
        BoardSession.objects.select_related("period", "focus_theme").prefetch_related(
            "attendances", "voices", "actions__indicators", "actions__updates"
        ),
        pk=pk,
    )
    # The prefetched actions the template lists get their "Overdue" status as of today.
    board.actions_status_set(session.actions.all(), timezone.localdate())
    return render(
        request,
        "outcomes/board/session_detail.html",
        {
            "session": session,
            "packs": session.packs.all(),
            "can_manage": board.can_manage(request.user),
            "crumbs": _crumbs(),
        },
    )


@lead_required
def session_edit(request, pk: int | None = None):
    session = get_object_or_404(BoardSession, pk=pk) if pk else None
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in SessionForm.Meta.fields}
        try:
            if session:
                session = board.session_update(
                    user=request.user,
                    session=session,
                    version=form.cleaned_data["version"],
                    attendances=form.cleaned_data["attendances"],
                    **data,
                )
            else:
                session = board.session_create(
                    user=request.user, attendances=form.cleaned_data["attendances"], **data
                )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Session saved")
            return redirect("board:session_detail", pk=session.pk)
    crumbs = _crumbs(_session_crumb(session)) if session else _crumbs()
    return _form_page(
        request,
        form,
        title="Edit the session" if session else "Add a session",
        caption="Children's Board",
        submit="Save session",
        cancel=reverse("board:session_detail", args=[session.pk])
        if session
        else reverse("board:session_list"),
        crumbs=crumbs,
    )


@lead_required
def voice_edit(request, pk: int, voice_pk: int | None = None):
    session = get_object_or_404(BoardSession, pk=pk)
    entry = get_object_or_404(VoiceEntry, pk=voice_pk, session=session) if voice_pk else None
    form = VoiceForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            if entry:
                board.voice_update(user=request.user, entry=entry, **form.cleaned_data)
            else:
                board.voice_add(user=request.user, session=session, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Young people's voice saved")
            return redirect(reverse("board:session_detail", args=[pk]) + "#voice")
    return _form_page(
        request,
        form,
        title="What young people said",
        caption=session.title,
        submit="Save",
        cancel=reverse("board:session_detail", args=[pk]),
        crumbs=_crumbs(_session_crumb(session)),
    )


@lead_required
def action_edit(request, pk: int, action_pk: int | None = None):
    session = get_object_or_404(BoardSession, pk=pk)
    action = get_object_or_404(BoardAction, pk=action_pk, session=session) if action_pk else None
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ActionForm.Meta.fields}
        try:
            if action:
                board.action_update(
                    user=request.user, action=action, version=form.cleaned_data["version"], **data
                )
            else:
                board.action_create(user=request.user, session=session, **data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Action saved")
            return redirect(reverse("board:session_detail", args=[pk]) + "#actions")
    return _form_page(
        request,
        form,
        title="Edit the action" if action else "Add an action",
        caption=session.title,
        submit="Save action",
        cancel=reverse("board:session_detail", args=[pk]),
        crumbs=_crumbs(_session_crumb(session)),
    )


@lead_required
def action_progress(request, pk: int, action_pk: int):
    action = get_object_or_404(
        BoardAction.objects.select_related("session"), pk=action_pk, session_id=pk
    )
    form = ActionUpdateForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            board.action_progress(user=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Update added")
            return redirect(reverse("board:session_detail", args=[pk]) + f"#action-{action.pk}")
    return _form_page(
        request,
        form,
        title="Add an update",
        caption=action.what[:80],
        submit="Add update",
        cancel=reverse("board:session_detail", args=[pk]),
        crumbs=_crumbs(_session_crumb(action.session)),
    )


@lead_required
def key_indicators(request):
    from indicators.models import Indicator

    form = KeyIndicatorsForm(
        request.POST or None, initial={"indicators": Indicator.objects.filter(is_key=True)}
    )
    if request.method == "POST" and form.is_valid():
        changed = board.key_indicators_set(
            user=request.user, codes=[i.code for i in form.cleaned_data["indicators"]]
        )
        messages.success(request, f"Key indicators saved ({len(changed)} changed)")
        return redirect("board:key_indicators")
    return _form_page(
        request,
        form,
        title="Choose the key indicators",
        caption="Children's Board",
        submit="Save key indicators",
        cancel=reverse("dashboard"),
        crumbs=_crumbs(),
    )


@require_POST
@lead_required
def pack_publish(request, pk: int):
    session = get_object_or_404(BoardSession, pk=pk)
    try:
        pack = board.pack_request(user=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("board:session_detail", pk=pk)
    return redirect("board:pack_detail", pk=pack.pk)


@reader_required
def pack_detail(request, pk: int):
    pack = get_object_or_404(BoardPack.objects.select_related("session"), pk=pk)
    return render(
        request,
        "outcomes/board/pack_detail.html",
        {
            **packs.pack_context(pack.snapshot),
            "pack_obj": pack,
            "crumbs": _crumbs(_session_crumb(pack.session)),
        },
    )


@reader_required
def pack_print(request, pk: int):
    pack = _published(pk)
    return render(
        request,
        "outcomes/pack_print.html",
        {**packs.pack_context(pack.snapshot), "council_name": settings.COUNCIL_NAME},
    )


@reader_required
def pack_pdf(request, pk: int):
    pack = _published(pk)
    if not pack.pdf:
        raise Http404("This pack has no PDF.")
    return FileResponse(
        pack.pdf.open("rb"),
        as_attachment=True,
        filename=f"board-pack-{pack.session.date:%Y-%m-%d}-{pack.pk}.pdf",
        content_type="application/pdf",
    )


def _published(pk: int) -> BoardPack:
    pack = get_object_or_404(BoardPack.objects.select_related("session"), pk=pk)
    if pack.state != BoardPack.State.PUBLISHED:
        raise Http404("This pack is not published yet.")
    return pack
