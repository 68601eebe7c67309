"""`make fuzz` in small (issue 9): about 150 hostile messages over REST and the widget against the
shared servers. Every one is answered (a reply, a deliberate 4xx/429, the apology, an ack, `rejected`
or `rate_limited`), none fails or is lost, neither server dies or restarts, and the Rasa server's
memory stays within 2 GB. The full run and its figures: `make fuzz`, docs/benchmarks.md.
"""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from tools.bench.fuzz.report import problem_lines
from tools.bench.fuzz.run import Plan, fuzz_target
from tools.bench.fuzz.target import Target
from tools.servers import launcher_children


def test_smoke_fuzz_answers_every_hostile_message_and_the_servers_stay_up(servers):
    supervisor = servers["supervisor"].pid
    before = launcher_children(supervisor)
    assert set(before) == {"rasa", "actions"}, before
    target = Target(servers["base"], servers["XIAOER_IDENTITY_SECRET"], before["rasa"], before["actions"],
                    [servers["work"] / "rasa.log", servers["work"] / "actions.log"])

    # a thread of its own: once a browser test has started Playwright, this thread runs its event loop
    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(asyncio.run, asyncio.wait_for(fuzz_target(target, Plan.smoke_plan()), 180)).result()

    totals, problems = report["totals"], "\n".join(problem_lines(report))
    assert totals["tried"] >= 150, totals
    assert totals["failed"] == 0, problems
    assert totals["lost"] == 0, problems
    for phase, state in report["servers"].items():
        assert state["rasa_alive"] and state["actions_alive"] and state["answering"], (phase, state)
    assert launcher_children(supervisor) == before, "a server was restarted during the fuzz"
    assert report["memory"]["peak_mb"] <= 2048, report["memory"]
    limited = report["channels"]["rest (shipped limits)"]["how"]
    assert any(how.startswith("429") for how in limited), limited
