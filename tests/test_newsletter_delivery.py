"""Sending the newsletter to real recipients through a real SMTP server that behaves like a busy one.

The server is aiosmtpd on 127.0.0.1, told to refuse some recipients for good
(550), to defer every recipient after the Nth it accepted on one connection
(452), to cut the connection at given commands, and to hold a message while
the test kills the sender. Each recipient must get the issue exactly once,
whatever the server did, over at most two runs of the command line.
"""

from __future__ import annotations

import asyncio
import email
import io
import json
import os
import subprocess
import sys
import threading
from email.policy import default as default_policy
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller

from briefing.flags import flag
from briefing.newsletter.__main__ import main
from briefing.newsletter.build import NewsletterError
from briefing.newsletter.send import DeliveryPolicy, NotSent, send_issue
from tests.publishing import free_port
from tests.sitebuild import ROOT

UNSUBSCRIBE = "https://lists.rare-earth-brief.example/unsubscribe?email={email}&token={token}"


class BusyServer:
    """An aiosmtpd handler with a real server's manners, and a record of every message it accepted."""

    def __init__(self, refuse=(), defer_after=None, drop_at_mail=(), defer_all=False) -> None:
        self.refuse = {address.lower() for address in refuse}
        self.defer_after = defer_after
        self.drop_at_mail = set(drop_at_mail)
        self.defer_all = defer_all
        self.mails = 0
        self.accepted_on: dict[tuple, int] = {}
        self.delivered: list[tuple[str, bytes]] = []
        self.hold_data = None  # (number of the message to hold, threading.Event set when it arrives)
        self.messages = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mails += 1
        if self.mails in self.drop_at_mail:
            server.transport.abort()  # the connection is gone, mid-conversation
            return "421 4.4.2 gone"
        envelope.mail_from = address
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        accepted = self.accepted_on.get(session.peer, 0)
        if self.defer_all or (self.defer_after is not None and accepted >= self.defer_after):
            return "452 4.5.3 Too many recipients on this connection, try again later"
        self.accepted_on[session.peer] = accepted + 1
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        if self.hold_data and self.messages == self.hold_data[0]:
            self.hold_data[1].set()
            await asyncio.sleep(3600)  # until the test kills the sender and stops the server
        for recipient in envelope.rcpt_tos:
            self.delivered.append((recipient.lower(), envelope.content))
        return "250 2.0.0 Message accepted"

    def received(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for recipient, _ in self.delivered:
            counts[recipient] = counts.get(recipient, 0) + 1
        return counts


@pytest.fixture
def smtp():
    """Start a BusyServer: ``smtp(**manners)`` returns (handler, environment naming it)."""
    controllers = []

    def start(**manners):
        handler = BusyServer(**manners)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        return handler, {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port), "SMTP_TLS": "none"}

    yield start
    for controller in controllers:
        controller.stop()


def readers_file(tmp_path, count: int, extra: str = "") -> tuple[str, list[str]]:
    addresses = [f"reader{n:03d}@readers.test" for n in range(1, count + 1)]
    path = tmp_path / "readers.txt"
    path.write_text("# the list\n" + extra + "\n".join(addresses) + "\n", encoding="utf-8")
    return str(path), addresses


def record(ledger) -> dict:
    return json.loads(ledger.read_text(encoding="utf-8"))["2025-W47"][-1]


def cli(issue, ledger, *extra: str) -> list[str]:
    """The command line `make send-newsletter WEEK=2025-W47` runs."""
    output = issue.folder.parent.parent
    return ["send", "--week", "2025-W47", "--settings", str(ROOT / "publishconf.py"), "--output", str(output),
            "--ledger", str(ledger), *extra]


def set_env(monkeypatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)


# -- the whole story, through the command line ------------------------------------------------------


def test_500_readers_one_refused_and_deferrals_after_100_per_connection_each_get_it_once_in_two_runs(
    issue_w47, smtp, tmp_path, monkeypatch, capsys
):
    server, env = smtp(refuse=["reader250@readers.test"], defer_after=100)
    path, addresses = readers_file(tmp_path, 500)
    ledger = tmp_path / "sent.json"
    # One try per recipient in the first run, so it ends with some deferred, as a long back-off would.
    set_env(monkeypatch, **env, NEWSLETTER_RECIPIENTS_FILE=path, NEWSLETTER_ATTEMPTS="1", NEWSLETTER_RETRY_DELAY="0",
            NEWSLETTER_UNSUBSCRIBE_URL=UNSUBSCRIBE, NEWSLETTER_UNSUBSCRIBE_SECRET="a secret \" with <odd> bytes")

    assert main(cli(issue_w47, ledger)) == 1
    first = capsys.readouterr()
    state = record(ledger)["deliveries"]
    deferred = sorted(a for a, r in state.items() if r["state"] == "deferred")
    assert deferred and len(deferred) < 10, "each connection took 100, then said 'later'"
    assert f"{len(deferred)} deferred" in first.err and "1 refused" in first.err
    assert f"{len(deferred)} recipient(s) deferred" in first.out
    assert all(state[a]["reply"].startswith("452 4.5.3") for a in deferred)
    refused = state["reader250@readers.test"]
    assert refused["state"] == "refused"
    assert refused["reply"] == "550 5.1.1 <reader250@readers.test>: Recipient address rejected: User unknown"
    assert "refused reader250@readers.test: 550 5.1.1" in first.out
    assert len(server.received()) == 499 - len(deferred)

    monkeypatch.setenv("NEWSLETTER_ATTEMPTS", "3")
    assert main(cli(issue_w47, ledger)) == 1, "the refused reader still has not got it"
    second = capsys.readouterr()
    assert "0 deferred" in second.out and "sent to %d recipient(s) in this run" % len(deferred) in second.out
    received = server.received()
    assert set(received) == {a for a in addresses if a != "reader250@readers.test"}
    assert set(received.values()) == {1}, "every other reader got it exactly once"
    assert record(ledger)["status"] == "sent" and record(ledger)["deliveries"]["reader250@readers.test"] == refused

    # A third run owes no one anything: the refused reader is never tried again.
    attempts = server.mails
    assert main(cli(issue_w47, ledger)) == 1
    assert "already sent" in capsys.readouterr().err and server.mails == attempts


def test_each_message_is_the_built_issue_with_its_readers_own_one_click_unsubscribe(issue_w47, smtp, tmp_path):
    server, env = smtp()
    path, addresses = readers_file(tmp_path, 3, extra="Ana O'Neil <ana+brief@readers.test>\n")
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": path, "NEWSLETTER_UNSUBSCRIBE_SECRET": "s3cret"}
    policy = DeliveryPolicy.from_settings({"NEWSLETTER_UNSUBSCRIBE_URL": UNSUBSCRIBE}, env)
    send_issue(issue_w47, tmp_path / "sent.json", env, io.StringIO(), policy=policy)
    built = issue_w47.eml.read_bytes()
    assert len(server.delivered) == 4
    tokens = set()
    for recipient, content in server.delivered:
        message = email.message_from_bytes(content, policy=default_policy)
        links = [link.strip(" <>") for link in message["List-Unsubscribe"].split(",")]
        https = [link for link in links if link.startswith("https:")]
        assert len(https) == 1 and any(link.startswith("mailto:") for link in links)
        query = parse_qs(urlsplit(https[0]).query)
        assert query["email"] == [recipient], "the reader's own address, percent-encoded in the link"
        tokens.add(query["token"][0])
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert content.split(b"\r\n\r\n", 1)[1] == built.split(b"\r\n\r\n", 1)[1], "the body as built"
        assert message["Message-ID"] == issue_w47.message_id
    assert len(tokens) == 4


def test_deferred_readers_are_retried_in_the_same_run_after_a_pause(issue_w47, smtp, tmp_path):
    server, env = smtp(defer_after=20)
    path, addresses = readers_file(tmp_path, 45)
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": path, "NEWSLETTER_RETRY_DELAY": "0.01"}
    out = io.StringIO()
    report = send_issue(issue_w47, tmp_path / "sent.json", env, out)
    assert report.complete and report.sent_now == 45
    assert server.received() == {a: 1 for a in addresses}


def test_a_server_that_keeps_deferring_leaves_readers_deferred_with_its_reply_and_the_next_run_retries(
    issue_w47, smtp, tmp_path
):
    server, env = smtp(defer_all=True)
    path, addresses = readers_file(tmp_path, 3)
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": path, "NEWSLETTER_ATTEMPTS": "2", "NEWSLETTER_RETRY_DELAY": "0.01"}
    ledger = tmp_path / "sent.json"
    report = send_issue(issue_w47, ledger, env, io.StringIO())
    assert not report.complete and sorted(report.deferred) == addresses
    assert {r["state"] for r in record(ledger)["deliveries"].values()} == {"deferred"}
    assert {r["attempts"] for r in record(ledger)["deliveries"].values()} == {2}
    assert record(ledger)["status"] == "incomplete" and server.delivered == []

    server.defer_all = False
    report = send_issue(issue_w47, ledger, env, io.StringIO())
    assert report.complete and server.received() == {a: 1 for a in addresses}


def test_a_dropped_connection_is_reopened_and_the_send_goes_on_where_it_stopped(issue_w47, smtp, tmp_path):
    server, env = smtp(drop_at_mail=[3, 7, 8])
    path, addresses = readers_file(tmp_path, 10)
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": path, "NEWSLETTER_RETRY_DELAY": "0"}
    report = send_issue(issue_w47, tmp_path / "sent.json", env, io.StringIO())
    assert report.complete and server.received() == {a: 1 for a in addresses}
    assert server.mails == 13, "three transactions cut off, each tried again once"


def test_a_server_lost_for_good_halfway_leaves_the_rest_owed_and_a_rerun_sends_them(issue_w47, smtp, tmp_path):
    server, env = smtp(drop_at_mail=[4, 5])
    path, addresses = readers_file(tmp_path, 6)
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": path, "NEWSLETTER_RETRY_DELAY": "0", "NEWSLETTER_ATTEMPTS": "2"}
    ledger = tmp_path / "sent.json"
    out = io.StringIO()
    with pytest.raises(NotSent, match="3 recipient\\(s\\) are still owed 2025-W47"):
        send_issue(issue_w47, ledger, env, out)
    assert "in all 3 sent" in out.getvalue() and record(ledger)["status"] == "incomplete"
    report = send_issue(issue_w47, ledger, env, io.StringIO())
    assert report.complete and report.sent_now == 3 and server.received() == {a: 1 for a in addresses}


def test_batches_put_several_readers_in_one_transaction(issue_w47, smtp, tmp_path):
    server, env = smtp(refuse=["reader004@readers.test"])
    path, addresses = readers_file(tmp_path, 7)
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": path, "NEWSLETTER_BATCH_SIZE": "3"}
    report = send_issue(issue_w47, tmp_path / "sent.json", env, io.StringIO())
    assert server.mails == 3 and sorted(report.refused) == ["reader004@readers.test"]
    assert server.received() == {a: 1 for a in addresses if a != "reader004@readers.test"}
    with pytest.raises(NewsletterError, match="need NEWSLETTER_BATCH_SIZE = 1"):
        DeliveryPolicy.from_settings({"NEWSLETTER_UNSUBSCRIBE_URL": UNSUBSCRIBE}, {**env, "NEWSLETTER_UNSUBSCRIBE_SECRET": "s"})


def test_a_sender_killed_while_the_server_holds_a_message_never_sends_it_twice(issue_w47, smtp, tmp_path):
    server, env = smtp()
    arrived = threading.Event()
    server.hold_data = (3, arrived)
    path, addresses = readers_file(tmp_path, 6)
    ledger = tmp_path / "sent.json"
    environment = {**os.environ, **env, "NEWSLETTER_RECIPIENTS_FILE": path, "PYTHONPATH": str(ROOT)}
    sender = subprocess.Popen([sys.executable, "-m", "briefing.newsletter", *cli(issue_w47, ledger)], cwd=ROOT,
                              env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert arrived.wait(120), sender.stderr.read1().decode() if sender.poll() is not None else "never arrived"
    finally:
        sender.kill()
        sender.wait()
    in_doubt = record(ledger)["deliveries"]["reader003@readers.test"]
    assert in_doubt["state"] == "sending"
    server.hold_data = None

    out = io.StringIO()
    report = send_issue(issue_w47, ledger, {**env, "NEWSLETTER_RECIPIENTS_FILE": path}, out)
    assert report.unknown == ["reader003@readers.test"] and not report.complete
    assert "1 recipient(s) may or may not have it" in out.getvalue()
    assert server.received() == {a: 1 for a in addresses if a != "reader003@readers.test"}
    with pytest.raises(NewsletterError, match="1 in doubt"):
        send_issue(issue_w47, ledger, {**env, "NEWSLETTER_RECIPIENTS_FILE": path}, io.StringIO())


def test_two_sends_at_once_deliver_each_message_once(issue_w47, smtp, tmp_path):
    server, env = smtp()
    path, addresses = readers_file(tmp_path, 20)
    ledger = tmp_path / "sent.json"
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": path}
    outcomes = []

    def send() -> None:
        try:
            outcomes.append(send_issue(issue_w47, ledger, env, io.StringIO()).sent_now)
        except NewsletterError as refused:
            outcomes.append(str(refused))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(outcomes, key=str)[0] == 20 and "already sent" in str(sorted(outcomes, key=str)[1])
    assert server.received() == {a: 1 for a in addresses}


# -- the first send, a rerun, FORCE, a dry run -------------------------------------------------------


def test_send_delivers_the_built_message_once_and_refuses_a_second_without_force(issue_w47, smtp, tmp_path):
    server, env = smtp()
    readers = tmp_path / "readers.txt"
    readers.write_text("# the list\nana@readers.test\nBen <ben@readers.test>\n\nANA@readers.test\n", encoding="utf-8")
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": str(readers)}
    ledger = tmp_path / "sent.json"
    out = io.StringIO()
    report = send_issue(issue_w47, ledger, env, out)
    assert report.complete and report.sent_now == 2
    assert [r for r, _ in server.delivered] == ["ana@readers.test", "ben@readers.test"], "one message each"
    assert all(content == issue_w47.eml.read_bytes() for _, content in server.delivered), "byte for byte as built"
    entry = record(ledger)
    assert (entry["status"], entry["recipients"], entry["message_id"]) == ("sent", 2, issue_w47.message_id)

    with pytest.raises(NewsletterError, match="already sent"):
        send_issue(issue_w47, ledger, env, out)
    with pytest.raises(NewsletterError, match="already sent"):
        send_issue(issue_w47, ledger, env, out, dry_run=True)
    assert len(server.delivered) == 2

    send_issue(issue_w47, ledger, env, out, force=True)
    assert len(server.delivered) == 4
    assert [r["status"] for r in json.loads(ledger.read_text(encoding="utf-8"))["2025-W47"]] == ["sent", "sent"]


def test_a_reader_added_after_the_send_is_sent_the_issue_by_a_rerun_and_no_one_else(issue_w47, smtp, tmp_path):
    server, env = smtp()
    path, addresses = readers_file(tmp_path, 3)
    env = {**env, "NEWSLETTER_RECIPIENTS_FILE": path}
    ledger = tmp_path / "sent.json"
    send_issue(issue_w47, ledger, env, io.StringIO())
    with open(path, "a", encoding="utf-8") as readers:
        readers.write("late@readers.test\n")
    report = send_issue(issue_w47, ledger, env, io.StringIO())
    assert report.sent_now == 1 and server.received() == {**{a: 1 for a in addresses}, "late@readers.test": 1}


@pytest.mark.parametrize("value", ["false", "no", "0", "False", "NO"])
def test_force_false_in_any_spelling_does_not_resend(issue_w47, smtp, tmp_path, monkeypatch, capsys, value):
    server, env = smtp()
    set_env(monkeypatch, **env, NEWSLETTER_TO="list@readers.test")
    ledger = tmp_path / "sent.json"
    assert main(cli(issue_w47, ledger)) == 0 and len(server.delivered) == 1
    command = subprocess.run(["make", "-n", "send-newsletter", f"FORCE={value}", "WEEK=2025-W47"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    assert f'--force="{value}"' in command, "make hands the spelling to the command line, which reads it"
    assert main(cli(issue_w47, ledger, f"--force={value}")) == 1
    assert "already sent" in capsys.readouterr().err and len(server.delivered) == 1
    assert main(cli(issue_w47, ledger, "--force=yes")) == 0 and len(server.delivered) == 2


def test_yes_no_settings_read_the_usual_spellings_and_refuse_others():
    assert [flag(v) for v in ("1", "true", "YES", "on", " y ")] == [True] * 5
    assert [flag(v) for v in ("0", "false", "No", "off", "", None)] == [False] * 6
    with pytest.raises(ValueError, match="FORCE='maybe': say 1 or 0, true or false, yes or no"):
        flag("maybe", "FORCE")


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(issue_w47, smtp, tmp_path, monkeypatch, capsys):
    server, env = smtp()
    set_env(monkeypatch, **env, NEWSLETTER_TO="list@readers.test")
    ledger = tmp_path / "sent.json"
    assert main([*cli(issue_w47, ledger), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "DRY RUN: nothing is sent" in printed and "Recipients: 1: list@readers.test" in printed
    assert f"127.0.0.1:{env['SMTP_PORT']}" in printed and "Read the whole briefing: https://" in printed
    assert main([*cli(issue_w47, ledger), "--dry-run=no"]) == 0 and len(server.delivered) == 1
    assert server.delivered[0][0] == "list@readers.test"
    assert main(cli(issue_w47, ledger)) == 1 and "FORCE=1" in capsys.readouterr().err


def test_an_unreachable_server_sends_nothing_and_leaves_the_issue_sendable(issue_w47, tmp_path):
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port()), "SMTP_TLS": "none", "NEWSLETTER_RETRY_DELAY": "0"}
    ledger = tmp_path / "sent.json"
    with pytest.raises(NotSent):
        send_issue(issue_w47, ledger, env, io.StringIO())
    assert json.loads(ledger.read_text(encoding="utf-8")) == {}


@pytest.mark.parametrize("name, value, problem", [
    ("NEWSLETTER_BATCH_SIZE", "0", "at least 1"),
    ("NEWSLETTER_ATTEMPTS", "three", "a number"),
    ("NEWSLETTER_UNSUBSCRIBE_URL", "http://lists.example/u?e={email}", "https:"),
    ("NEWSLETTER_UNSUBSCRIBE_URL", "https://lists.example/unsubscribe", "{email} or {token}"),
    ("NEWSLETTER_UNSUBSCRIBE_URL", "https://lists.example/u/{token}", "NEWSLETTER_UNSUBSCRIBE_SECRET"),
])
def test_sending_settings_that_cannot_work_are_refused_naming_the_setting(name, value, problem):
    with pytest.raises(NewsletterError, match=name) as refused:
        DeliveryPolicy.from_settings({}, {name: value})
    assert problem in str(refused.value)
