"""The Fuzz section of docs/benchmarks.md, fuzz.json and the summary printed at the terminal."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from tools.bench.fuzz.target import alive

SECTION = "## Fuzz: hostile messages against the real servers"


def markdown(report: Dict[str, Any]) -> List[str]:
    """The Fuzz section."""
    meta, memory = report["meta"], report["memory"]
    lines = [SECTION, "",
             f"`make fuzz` on {meta['date']} (commit {meta['machine']['commit']}, {meta['minutes']} min, "
             f"{meta['machine']['cores']} cores): both real servers (SQLite), rate limits lifted, then a burst against "
             f"fresh servers with the shipped limits. Message limit {meta['limit_chars']} characters. Answered: a reply, "
             "or a deliberate 400/413/429 with a JSON error or the 503 apology over REST; an ack, `rejected` or "
             "`rate_limited` on the widget, or the transport refusing a frame over the 64 kB it announced. "
             "Failed: any other status, no connection, a timeout, a forged identity accepted. Lost: no response at all "
             "(REST), no ack, `rejected` or `rate_limited` (widget). Latency: sending to the answer.", "",
             "| channel | tried | answered | failed | lost | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, row in report["channels"].items():
        lines.append(f"| {name} | {row['tried']} | {row['answered']} | {row['failed']} | {row['lost']} | "
                     f"{_num(row['p50_ms'])} | {_num(row['p95_ms'])} |")
    lines += ["", _state_line(report), "",
              f"Rasa server memory: {memory['idle_mb']} MB at the start, peak {memory['peak_mb']} MB during the whole run "
              f"(limit 2,048 MB); {memory['peak_with_shipped_limits_mb']} MB in the shipped-limits burst.", "",
              "### The worst single inputs", "",
              "Sent alone over REST, one after another in this order, memory sampled every 20 ms (the peak so far "
              "carries over to the inputs after it).", "",
              "| input | characters | answer | ms | Rasa RSS before → peak (MB) |", "|---|---:|---|---:|---|"]
    for row in report["worst_inputs"]:
        lines.append(f"| {row['input']} | {row['chars']:,} | {row['how']} | {row['ms']:,} | "
                     f"{row['rss_before_mb']} → {row['rss_peak_mb']} |")
    worst = report["worst_input"]
    if worst:
        lines += ["", f"Highest: {worst['input']} ({worst['chars']:,} characters), {worst['rss_peak_mb']} MB."]
    return lines + [""] + problem_lines(report) + [""] + _kind_table(report) + [""]


def problem_lines(report: Dict[str, Any]) -> List[str]:
    """What was not answered, what was only answered by the apology, and what the servers logged."""
    lines = []
    for title, groups in (("Failed or lost", report["problems"]), ("Answered only with the apology (the turn failed "
                                                                   "and the chat went to a person)", report["rescued"])):
        lines += [f"{title}: {sum(g['count'] for g in groups) or 'none'}"]
        lines += [f"- {g['count']} x {g['channel']}, {g['kind']}: {g['how']}; e.g. `{_code(g['inputs'][0])}`"
                  for g in groups]
        lines.append("")
    errors = [e for state in report["servers"].values() for e in state["errors_logged"]["distinct"]]
    lines += ["Distinct error lines in the servers' logs: " + ("none" if not errors else "")]
    lines += [f"- `{_code(e)}`" for e in dict.fromkeys(errors)]
    return lines


def _code(text: str) -> str:
    return text.replace("`", "'")


def _num(value: Optional[int]) -> str:
    return "-" if value is None else f"{value:,}"


def _state_line(report: Dict[str, Any]) -> str:
    states = report["servers"].values()
    errors = sum(s["errors_logged"]["count"] for s in states)
    up = "both alive, never restarted, answering" if all(alive(s) for s in states) else "NOT all alive"
    return (f"Servers at the end: {up}; "
            f"{errors} error lines in their logs.")


def _kind_table(report: Dict[str, Any]) -> List[str]:
    lines = ["<details><summary>By kind of input</summary>", "",
             "| channel | kind | tried | answered | failed | lost | how |", "|---|---|---:|---:|---:|---:|---|"]
    for row in report["kinds"]:
        how = "; ".join(f"{k} {v}" for k, v in row["how"].items()).replace("|", "\\|")
        lines.append(f"| {row['channel']} | {row['kind']} | {row['tried']} | {row['answered']} | {row['failed']} | "
                     f"{row['lost']} | {how} |")
    return lines + ["", "</details>"]


def _section_bounds(lines: List[str]) -> Optional[Tuple[int, int]]:
    """(first line, line after the last) of the Fuzz section in `lines`; None without one."""
    start = next((i for i, line in enumerate(lines) if line.startswith("## Fuzz")), None)
    if start is None:
        return None
    return start, next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))


def fuzz_section(text: str) -> List[str]:
    """The Fuzz section's lines in a docs/benchmarks.md text (none without one)."""
    lines = text.splitlines()
    bounds = _section_bounds(lines)
    return lines[bounds[0]:bounds[1]] if bounds else []


def update_docs(path: Path, section: List[str]) -> None:
    """Put the Fuzz section in `path`, replacing an earlier one; everything else stays as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines, block = text.splitlines(), "\n".join(section).rstrip() + "\n"
    bounds = _section_bounds(lines)
    if bounds is None:
        anchor = next((i for i, line in enumerate(lines) if line.startswith("## Reproduce")), len(lines))
        lines[anchor:anchor] = block.splitlines() + [""]
    else:
        start, end = bounds
        lines[start:end] = block.splitlines() + ([""] if end < len(lines) else [])
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


def write_report(report: Dict[str, Any], out: Path, docs: Optional[Path]) -> None:
    """fuzz.json in `out`; the Fuzz section in `docs` when given."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    if docs is not None:
        update_docs(docs, markdown(report))


def print_summary(report: Dict[str, Any]) -> None:
    """What a person at the terminal wants to see."""
    for name, row in report["channels"].items():
        print(f"{name:24} tried {row['tried']:5}  answered {row['answered']:5}  failed {row['failed']:3}  "
              f"lost {row['lost']:3}  p50 {_num(row['p50_ms'])} ms  p95 {_num(row['p95_ms'])} ms")
    print(_state_line(report))
    print(f"Rasa peak RSS {report['memory']['peak_mb']} MB; worst single input: {report['worst_input']}")
    for line in problem_lines(report):
        print(" ", line)
