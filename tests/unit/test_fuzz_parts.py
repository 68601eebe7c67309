"""The fuzz harness's parts (tools/bench/fuzz/) without servers: inputs, verdicts, the docs section."""
import json
import random

import aiohttp  # noqa: F401 - the harness needs it; fail here, not halfway through make fuzz
import pytest

from tools.bench.fuzz.inputs import AT_LIMIT, huge, over_limit
from tools.bench.fuzz.outcomes import ANSWERED, FAILED, LOST, Outcome, grouped
from tools.bench.fuzz.report import SECTION, update_docs
from tools.bench.fuzz.rest import REST_KINDS, classify_rest, rest_groups
from tools.bench.fuzz.socket_client import Socket
from tools.bench.fuzz.widget_cases import SETUPS, WIDGET_KINDS, visitors_plan
from bot.channels import intake

LIMIT = 1000


@pytest.mark.parametrize("kind", sorted(AT_LIMIT))
def test_worst_inputs_are_exactly_at_the_limit_once_cleaned(kind):
    taken = intake.take(AT_LIMIT[kind](random.Random(1), LIMIT), LIMIT)
    assert taken.problem is None and taken.length == LIMIT


def test_over_limit_and_huge_inputs_are_refused_by_the_intake():
    rng = random.Random(2)
    for make in (over_limit, huge):
        for _ in range(10):
            assert intake.take(make(rng, LIMIT), LIMIT).problem == "too_long"


def test_the_rest_plan_has_every_kind_and_about_the_asked_number():
    groups = rest_groups(random.Random(3), 500, LIMIT, "s" * 32, "t")
    cases = [case for group in groups for case in group]
    assert 500 <= len(cases) < 510
    assert {case.kind for case in cases} == set(REST_KINDS)


def test_the_widget_plan_has_every_kind_and_every_session_setup():
    visitors = visitors_plan(random.Random(4), 200, LIMIT)
    assert {case.kind for v in visitors for case in v.cases} == set(WIDGET_KINDS)
    assert {v.setup for v in visitors} == set(SETUPS)
    assert {v.transport for v in visitors} == {"websocket", "polling"}


@pytest.mark.parametrize("status, body, result", [
    (200, [{"text": "hi"}], ANSWERED),
    (200, [], ANSWERED),
    (200, {"text": "hi"}, FAILED),
    (400, {"error": "bad_request"}, ANSWERED),
    (413, {"error": "too_large"}, ANSWERED),
    (413, {"description": "Request Entity Too Large", "status": 413, "message": "too big"}, ANSWERED),
    (429, {"error": "rate_limited", "retry_after": 3}, ANSWERED),
    (503, {"error": "not_answered", "messages": [{"text": "sorry"}]}, ANSWERED),
    (503, {"error": "not_answered", "messages": []}, FAILED),
    (500, {"description": "Internal Server Error"}, FAILED),
    (404, "<html>not found</html>", FAILED),
])
def test_rest_verdicts(status, body, result):
    raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    assert classify_rest(status, raw)[0] == result


def test_a_refusal_reply_is_told_apart_from_a_real_one():
    refusal = intake.Intake(text="x", problem="too_long", length=1200).refusal(LIMIT)
    assert classify_rest(200, json.dumps([{"text": refusal}]).encode())[1] == "200 refused: too long"


def test_the_socket_keeps_outcomes_by_message_id_and_counts_turn_ends():
    sock = Socket.__new__(Socket)
    sock.outcomes, sock.markers, sock.replies, sock.apologies, sock.confirm = {}, 0, 0, 0, None
    for name, data in [("ack", {"message_id": "a"}), ("ack", {"message_id": "a", "duplicate": True}),
                       ("rejected", {"message_id": "b", "reason": "too_long"}), ("rejected", {"message_id": None}),
                       ("typing", {"on": True}), ("typing", {"on": False}), ("bot_uttered", {"text": "hi"})]:
        sock._event(name, data)
    assert sock.outcomes == {"a": ["ack", "ack (duplicate)"], "b": ["rejected too_long"]}
    assert (sock.markers, sock.replies) == (2, 1)


def test_the_docs_section_is_added_once_then_replaced_and_the_rest_is_kept(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\n## Load\n\ntable\n\n## Reproduce\n\nmake bench\n", encoding="utf-8")
    update_docs(page, [SECTION, "", "first"])
    update_docs(page, [SECTION, "", "second"])
    text = page.read_text(encoding="utf-8")
    assert text.count(SECTION) == 1 and "second" in text and "first" not in text
    assert text.index("## Load") < text.index(SECTION) < text.index("## Reproduce")
    assert text.endswith("make bench\n") and "table" in text


def test_problems_are_grouped_with_a_few_of_their_inputs():
    outcomes = [Outcome("widget", "wrong types", LOST, "no ack", None, f"message={i}") for i in range(5)]
    (group,) = grouped(outcomes)
    assert group["count"] == 5 and len(group["inputs"]) == 3
