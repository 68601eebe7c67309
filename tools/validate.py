"""`python -m tools.validate`: Rasa's data validation plus the checks Rasa cannot make.

Rasa warns about every response that no story or rule utters, but most of Xiaoer's responses
are uttered by custom actions. This runs `rasa data validate`, accepts exactly those
responses that actions/ or bot/ refer to (the widget's welcome, labels read through bot/texts.py)
and the agent console's texts its page uses (tools/console_keys.py: each one must exist, and every
utter_console_* must be used), fails on any other warning or error, and also checks that every
response exists with a Chinese and an English text, and that every intent of the contract is in
the domain.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from tools.console_keys import console_problems, page_files

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT.parent / "shared" / "spec" / "intents.md"
_RESPONSE_REF = re.compile(r"""["'](utter_[a-z0-9_]*)(\{)?""")
_RASA_KEYS = {"utter_action"}  # the metadata key under which Rasa records which response a bot event was
_UNUSED = re.compile(r"The utterance '(utter_[a-z0-9_]+)' is not used in any story or rule")


def action_responses() -> tuple[set[str], set[str]]:
    """Response names the actions (and channels) utter, and prefixes of names they build (in
    f-strings, or from a constant ending in "_")."""
    names, prefixes = set(), set()
    for path in [*(ROOT / "actions").glob("*.py"), *(ROOT / "bot").rglob("*.py")]:
        for name, brace in _RESPONSE_REF.findall(path.read_text(encoding="utf-8")):
            (prefixes if brace or name.endswith("_") else names).add(name)
    return names - _RASA_KEYS, prefixes


def domain_problems(domain: dict, names: set[str], prefixes: set[str]) -> list[str]:
    """Responses the actions need that are missing or lack a language."""
    responses = domain.get("responses", {})
    problems = [f"actions utter '{n}' but domain.yml has no such response" for n in sorted(names - set(responses))]
    problems += [f"no response in domain.yml starts with '{p}'" for p in sorted(prefixes)
                 if not any(r.startswith(p) for r in responses)]
    for name, variants in responses.items():
        conditioned = [v for v in variants if v.get("condition")]
        plain = [v for v in variants if not v.get("condition")]
        if not conditioned or not plain:
            problems.append(f"response '{name}' needs a Chinese (default) and an English (condition) text")
    return problems


def contract_problems(domain: dict) -> list[str]:
    """Intents of shared/spec/intents.md missing from the domain."""
    if not CONTRACT.exists():
        return []
    contract = set(re.findall(r"^\| ([a-z_]+) \|", CONTRACT.read_text(encoding="utf-8"), re.M)) - {"intent", "entity"}
    intents = set(domain.get("intents", []))
    entities = set(domain.get("entities", []))
    return [f"'{name}' of the contract is missing from domain.yml" for name in sorted(contract - intents - entities)]


def main() -> int:
    """Run all checks; print what is wrong; exit 1 if anything is."""
    rasa = Path(sys.executable).parent / "rasa"
    run = subprocess.run([str(rasa), "data", "validate"], cwd=ROOT, capture_output=True, text=True)
    output = run.stdout + run.stderr
    names, prefixes = action_responses()
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    names |= {f"utter_ask_{slot}" for form in (domain.get("forms") or {}).values()
              for slot in form.get("required_slots", [])}
    console_names, problems = console_problems(domain.get("responses", {}), *page_files())
    names |= console_names
    if run.returncode != 0:
        problems.append(f"rasa data validate failed (exit {run.returncode})")
    for warning in re.findall(r"UserWarning: (.*)", output):
        unused = _UNUSED.search(warning)
        if unused and (unused.group(1) in names or any(unused.group(1).startswith(p) for p in prefixes)):
            continue
        problems.append(warning.strip())
    problems += domain_problems(domain, names, prefixes) + contract_problems(domain)
    for problem in problems:
        print(f"- {problem}")
    if problems:
        print(output[-2000:] if run.returncode else "")
        print(f"validation failed: {len(problems)} problem(s)")
        return 1
    print(f"validation clean: rasa data validate + {len(names)} action responses in both languages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
