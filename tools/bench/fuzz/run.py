"""The fuzz run: the main phase (lifted limits) and the burst at the shipped limits, summed up in a report."""
from __future__ import annotations

import asyncio
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple
from unittest import mock

import aiohttp

from tools.bench.fuzz.inputs import new_id, normal
from tools.bench.fuzz.memory import MemorySampler, worst_inputs
from tools.bench.fuzz.outcomes import ANSWERED, FAILED, LOST, Outcome, by_kind, grouped, tally
from tools.bench.fuzz.rest import RestCase, fuzz_rest, json_body, rest_groups
from tools.bench.fuzz.target import Target, alive, server_state
from tools.bench.fuzz.widget import fuzz_widget
from tools.bench.fuzz.widget_cases import Visitor, burst_case, visitors_plan
from tools.bench.machine import machine_info
from tools.bench.servers import deployment_servers
from tools.servers import ROOT, Servers


@dataclass
class Plan:
    """How much to send."""

    rest: int = 3000
    widget: int = 1000
    rest_concurrency: int = 8
    visitors_concurrency: int = 8
    per_visitor: int = 10
    worst: Optional[List[str]] = None  # None: every worst input
    limits_rest: int = 150
    limits_widget: int = 40
    seed: int = 9
    smoke: bool = False

    @classmethod
    def smoke_plan(cls, seed: int = 9) -> "Plan":
        """About 150 messages: seconds, for the end-to-end test."""
        return cls(rest=80, widget=45, rest_concurrency=4, visitors_concurrency=4, per_visitor=3,
                   worst=["random CJK", "English words", "1 MB"], limits_rest=32, limits_widget=10, seed=seed,
                   smoke=True)


def _session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=False))


async def timed(work: Any) -> Tuple[Any, float]:
    """The result of awaiting `work` and the seconds it took."""
    started = time.monotonic()
    result = await work
    return result, round(time.monotonic() - started, 1)


async def main_phase(target: Target, plan: Plan, limit: int) -> Dict[str, Any]:
    """Worst inputs one by one, then REST and widget together under the memory sampler."""
    rng = random.Random(plan.seed)
    target.mark_logs()
    async with _session() as http:
        with MemorySampler(target.rasa_pid) as memory:
            idle = memory.last
            worst = await worst_inputs(http, target.base, target.rasa_pid, limit, rng, plan.worst)
            (rest, rest_s), (widget, widget_s) = await asyncio.gather(
                timed(fuzz_rest(http, target.base, rest_groups(rng, plan.rest, limit, target.identity_secret,
                                                               f"fz{plan.seed}"), plan.rest_concurrency)),
                timed(fuzz_widget(http, target.base, target.identity_secret, visitors_plan(rng, plan.widget, limit, plan.per_visitor),
                                  plan.visitors_concurrency)))
        state = await server_state(http, target)
    return {"outcomes": rest + widget, "worst": worst, "seconds": {"rest": rest_s, "widget": widget_s}, "state": state,
            "memory": {"idle_mb": round(idle), "peak_mb": round(memory.peak)}}


async def limits_phase(target: Target, plan: Plan, limit: int) -> Dict[str, Any]:
    """A burst with the rate limits on: a few senders and visitors sending as fast as they can."""
    rng = random.Random(plan.seed + 1)
    target.mark_logs()
    sender = f"lim{plan.seed}-{new_id()}"
    # mostly over-long messages: they count against the limits but are refused before NLU, so the burst is quick
    texts = [normal(rng, limit) if rng.random() < 0.25 else "长" * (limit + 1) for _ in range(plan.limits_rest)]
    groups = [[RestCase("burst at the limits", json_body({"sender": sender, "message": text})) for text in texts]]
    visitors = [Visitor("new", "websocket", [burst_case(random.Random(plan.seed + i), 40)
                                            for i in range(max(plan.limits_widget // 5, 1))])]
    async with _session() as http:
        with MemorySampler(target.rasa_pid) as memory:
            rest, widget = await asyncio.gather(
                fuzz_rest(http, target.base, groups, 1, "rest (shipped limits)"),
                fuzz_widget(http, target.base, target.identity_secret, visitors, 1, "widget (shipped limits)"))
        state = await server_state(http, target)
    return {"outcomes": rest + widget, "state": state, "memory": {"peak_mb": round(memory.peak)}}


def summarise(main: Dict[str, Any], limits: Dict[str, Any], plan: Plan, limit: int, minutes: float) -> Dict[str, Any]:
    """The report: per channel and kind, worst inputs, memory, server state and the failures seen."""
    outcomes: List[Outcome] = main["outcomes"] + limits["outcomes"]
    channels = {}
    for outcome in outcomes:
        channels.setdefault(outcome.channel, []).append(outcome)
    worst = max(main["worst"], key=lambda row: row["rss_peak_mb"]) if main["worst"] else None
    return {
        "meta": {"date": datetime.now().isoformat(timespec="seconds"), "minutes": round(minutes, 1),
                 "limit_chars": limit, "plan": {k: v for k, v in vars(plan).items()}, "machine": machine_info()},
        "channels": {name: tally(group) for name, group in channels.items()},
        "kinds": by_kind(outcomes),
        "worst_inputs": main["worst"], "worst_input": worst,
        "memory": {**main["memory"], "peak_with_shipped_limits_mb": limits["memory"]["peak_mb"]},
        "servers": {"main": main["state"], "shipped_limits": limits["state"]},
        "main_phase_seconds": main["seconds"],
        "problems": grouped(o for o in outcomes if o.result != ANSWERED),
        "rescued": grouped(o for o in outcomes if "apology" in o.detail),
        "totals": tally(outcomes),
    }


def ok(report: Dict[str, Any]) -> bool:
    """No failure, no loss, servers alive and answering, peak memory within 2 GB."""
    totals, states = report["totals"], report["servers"].values()
    return (totals[FAILED] == 0 and totals[LOST] == 0 and all(alive(s) for s in states)
            and report["memory"]["peak_mb"] <= 2048)


async def fuzz_target(target: Target, plan: Plan, limits_target: Optional[Target] = None,
                      limit: Optional[int] = None) -> Dict[str, Any]:
    """Fuzz running servers (the limits phase on `limits_target`, or the same servers); the report."""
    from bot.settings import get_settings

    limit = limit or get_settings().max_message_chars
    started = time.monotonic()
    main = await main_phase(target, plan, limit)
    limits = await limits_phase(limits_target or target, plan, limit)
    return summarise(main, limits, plan, limit, (time.monotonic() - started) / 60)


@contextmanager
def shipped_limits() -> Iterator[None]:
    """Servers made inside use credentials.yml as shipped (bench_credentials lifts the limits)."""
    with mock.patch("tools.bench.servers.bench_credentials", lambda work: ROOT / "credentials.yml"):
        yield


def target_of(servers: Servers) -> Target:
    """The Target for servers started by tools.servers."""
    return Target(servers.base, servers.secrets["XIAOER_IDENTITY_SECRET"], servers.rasa_pid, servers.actions_pid,
                  [servers.work / "rasa.log", servers.work / "actions.log"])


def run_own_servers(plan: Plan, model: Path, work: Path) -> Dict[str, Any]:
    """Start servers with lifted limits for the main phase and with the shipped ones for the burst."""
    from bot.settings import get_settings

    limit, started = get_settings().max_message_chars, time.monotonic()
    with deployment_servers("sqlite", model, work / "lifted") as servers:
        print(f"servers up in {servers.load_seconds:.0f} s; fuzzing", flush=True)
        main = asyncio.run(main_phase(target_of(servers), plan, limit))
    with shipped_limits(), deployment_servers("sqlite", model, work / "shipped") as servers:
        limits = asyncio.run(limits_phase(target_of(servers), plan, limit))
    return summarise(main, limits, plan, limit, (time.monotonic() - started) / 60)
