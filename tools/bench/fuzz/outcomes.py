"""What became of each hostile message (answered, failed, lost) and the tallies of many."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from tools.bench.load import percentile

ANSWERED, FAILED, LOST = "answered", "failed", "lost"
TIMEOUT_S = 90.0  # how long one message may take before it counts as failed


@dataclass
class Outcome:
    """What became of one hostile message."""

    channel: str
    kind: str
    result: str  # answered | failed | lost
    detail: str
    seconds: Optional[float] = None
    sample: str = ""


def tally(outcomes: Sequence[Outcome]) -> Dict[str, Any]:
    """tried / answered / failed / lost, latency percentiles and how messages were answered."""
    counts = Counter(o.result for o in outcomes)
    times = [o.seconds for o in outcomes if o.seconds is not None and o.result == ANSWERED]

    def ms(p: float) -> Optional[int]:
        value = percentile(times, p)
        return None if value is None else round(value * 1000)

    return {"tried": len(outcomes), ANSWERED: counts[ANSWERED], FAILED: counts[FAILED], LOST: counts[LOST],
            "p50_ms": ms(50), "p95_ms": ms(95),
            "how": dict(Counter(o.detail for o in outcomes).most_common())}


def by_kind(outcomes: Sequence[Outcome]) -> List[Dict[str, Any]]:
    """One tally per channel and kind."""
    groups: Dict[Tuple[str, str], List[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault((outcome.channel, outcome.kind), []).append(outcome)
    return [{"channel": c, "kind": k, **tally(group)} for (c, k), group in sorted(groups.items())]


def grouped(outcomes: Iterable[Outcome]) -> List[Dict[str, Any]]:
    """Outcomes by channel, kind, result and how: how many, and a few of their inputs."""
    groups: Dict[Tuple[str, str, str, str], Dict[str, Any]] = {}
    for o in outcomes:
        group = groups.setdefault((o.channel, o.kind, o.result, o.detail), {
            "channel": o.channel, "kind": o.kind, "result": o.result, "how": o.detail, "count": 0, "inputs": []})
        group["count"] += 1
        if len(group["inputs"]) < 3 and o.sample not in group["inputs"]:
            group["inputs"].append(o.sample)
    return sorted(groups.values(), key=lambda g: -g["count"])
