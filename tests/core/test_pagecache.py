"""Whole pages kept per reader (core.pagecache, issue 13): a repeat request renders nothing,
yet every response carries a freshly masked CSRF token that works, readers never see each
other's header, and a waiting message is shown rather than cached."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory

from core import pagecache
from indicators import status
from tests.factories import approved

URLS = ["/indicators/CP-PLANS/", "/dashboard/?period=FY2019-20-Q2", "/scrutiny/monitor/"]
MY_RETURNS = re.compile(r">\s*My returns\s*<")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def figures(db):
    approved("CP-PLANS", "2019-08", "800")
    status.status_compute_period(period_code="2019-08")


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_repeat_request_renders_no_template_and_carries_a_fresh_working_token(
    figures, board_member, url
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(board_member)
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.templates and second.templates == []  # the second came whole from the cache
    [token_1], [token_2] = (
        TOKEN.findall(first.content.decode()),
        TOKEN.findall(second.content.decode()),
    )
    assert token_1 != token_2  # masked afresh for each response
    assert _unmask_cipher_token(token_1) == _unmask_cipher_token(token_2)
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())
    # the cached page's token signs the reader out (the form in its header)
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": token_2}).status_code == 302


@pytest.mark.django_db
def test_a_forged_token_is_still_refused(figures, board_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(board_member)
    client.get(URLS[0])
    [token] = TOKEN.findall(client.get(URLS[0]).content.decode())
    forged = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": forged}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_readers_never_share_a_page(
    figures, make_user, board_member, officer, scrutiny_officer, url
):
    from core import roles

    other_member = make_user("t.board2", roles.BOARD_MEMBER, first_name="Ben", last_name="Bench")
    pages = {}
    for user in (board_member, other_member, officer, scrutiny_officer):
        client = Client()
        client.force_login(user)
        client.get(url)
        pages[user.username] = client.get(url).content.decode()
    assert "Signed in as <strong>Bea Board</strong>" in pages["t.board"]
    assert "Signed in as <strong>Otto Officer</strong>" in pages["t.officer"]
    assert "Signed in as <strong>Sue Scrutiny</strong>" in pages["t.scrutiny"]
    assert "Signed in as <strong>Ben Bench</strong>" in pages["t.board2"]
    assert "Bea Board" not in pages["t.board2"] + pages["t.officer"] + pages["t.scrutiny"]
    assert MY_RETURNS.search(pages["t.officer"]) and not MY_RETURNS.search(pages["t.board"])


@pytest.mark.django_db
def test_a_new_name_or_role_is_a_new_page(figures, board_member):
    from django.contrib.auth.models import Group

    from core import roles

    client = Client()
    client.force_login(board_member)
    client.get(URLS[0])
    assert not MY_RETURNS.search(client.get(URLS[0]).content.decode())
    board_member.first_name = "Beatrice"
    board_member.save()
    assert "Beatrice Board" in client.get(URLS[0]).content.decode()
    board_member.groups.add(Group.objects.get(name=roles.OFFICER))
    assert MY_RETURNS.search(client.get(URLS[0]).content.decode())


@pytest.mark.django_db
def test_a_waiting_message_is_shown_and_the_page_not_kept(board_member):
    request = RequestFactory().get("/somewhere/")
    request.user = board_member
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Your return was saved.")
    built = []

    def build():
        built.append(1)
        return "indicators/indicator_detail.html", {"page": {"title": "T", "content": "Body"}}

    response = pagecache.serve(request, parts=["x"], build=build, timeout=60)
    assert "Your return was saved." in response.content.decode()
    assert cache.get(pagecache.key_for(request, ["x"])) is None
    # with no message waiting, the page is kept and the next request does not build it
    request._messages = FallbackStorage(request)
    pagecache.serve(request, parts=["x"], build=build, timeout=60)
    again = pagecache.serve(request, parts=["x"], build=build, timeout=60)
    assert len(built) == 2
    assert "Body" in again.content.decode()
    assert "Your return was saved." not in again.content.decode()


@pytest.mark.django_db
def test_a_made_up_query_string_does_not_make_another_copy(figures, board_member):
    client = Client()
    client.force_login(board_member)
    assert client.get(URLS[0] + "?utm=one").templates
    assert client.get(URLS[0] + "?utm=two").templates == []
    # a real choice (the chart's range) is a page of its own
    assert client.get(URLS[0] + "?range=all").templates
