"""What the figures were measured on."""
from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parents[2]


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def machine_info() -> Dict[str, str]:
    """CPU, cores, memory, OS, Python, Rasa and the commit."""
    from importlib.metadata import version

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except OSError:
        commit = "unknown"
    memory_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    return {"cpu": _first("/proc/cpuinfo", "model name"), "cores": str(os.cpu_count()),
            "memory_gb": f"{int(memory_kb) / 1024 / 1024:.0f}" if memory_kb.isdigit() else "unknown",
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "rasa": version("rasa"), "commit": commit or "unknown"}
