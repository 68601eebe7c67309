"""The agent console's text keys, checked by `python -m tools.validate`.

The page (console.js and console.html, wherever they live under bot/) names its texts by key:
`t("key")`, `label("prefix_", value)` or `t("prefix_" + value)` in the script, `data-text="key"`
(and `data-text-placeholder`, `data-text-aria-label`) in the page. Each key is a domain.yml
response (bot.texts.console_response); a prefix is completed at run time with every value the
server can send, listed here from the models.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Set, Tuple

from bot.shop.models import JOB_KINDS, JOB_STATES, ORDER_STATES, TICKET_REASONS, TICKET_STATES
from bot.texts import CONSOLE_PREFIX, console_response

ROOT = Path(__file__).resolve().parent.parent
# the values a prefix is completed with (ticket priorities: actions/handoff.py ticket_priority)
DYNAMIC: Dict[str, Iterable[str]] = {
    "reason_": TICKET_REASONS, "ticket_state_": TICKET_STATES, "label_order_state_": ORDER_STATES,
    "job_kind_": JOB_KINDS, "job_state_": JOB_STATES, "priority_": ("1", "2", "3"), "priority_title_": ("1", "2", "3"),
}
_COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->", re.S)
_CALL = re.compile(r"\bt\(([^(){},]*)")
_LABEL = re.compile(r"""\blabel\(\s*["']([a-z0-9_]+)["']""")
_LITERAL = re.compile(r"""(===?\s*|!==?\s*)?["']([a-z0-9_]+)["'](\s*\+)?""")
_ATTRIBUTE = re.compile(r"""\bdata-text(?:-placeholder|-aria-label)?=["']([a-z0-9_]+)["']""")


def page_files(root: Path = ROOT) -> Tuple[str, str]:
    """The console's script and page (found by name, so a move of the folder changes nothing)."""
    script = next((root / "bot").rglob("console.js"))
    return script.read_text(encoding="utf-8"), (script.parent / "console.html").read_text(encoding="utf-8")


def used_keys(script: str, page: str) -> Tuple[Set[str], Set[str]]:
    """The keys the page names as they are, and the prefixes it completes with a value."""
    script, page = _COMMENT.sub("", script), _COMMENT.sub("", page)
    keys, prefixes = set(_ATTRIBUTE.findall(page)), set(_LABEL.findall(script))
    for argument in _CALL.findall(script):
        for compared, literal, joined in _LITERAL.findall(argument):
            if compared:
                continue
            (prefixes if joined else keys).add(literal)
    return keys, prefixes


def console_problems(responses: Mapping[str, object], script: str, page: str) -> Tuple[Set[str], List[str]]:
    """The responses the console needs, and what is wrong: a key without its response, a
    prefix whose values are unknown here, a value without its response, a console response
    that nothing uses."""
    keys, prefixes = used_keys(script, page)
    problems = [f"the console uses the prefix '{p}' but tools/console_keys.py does not know its values"
                for p in sorted(prefixes - set(DYNAMIC))]
    keys |= {p + str(value) for p in prefixes & set(DYNAMIC) for value in DYNAMIC[p]}
    needed = {console_response(key) for key in keys}
    problems += [f"the console uses the text '{key}' but domain.yml has no response {console_response(key)}"
                 for key in sorted(keys) if console_response(key) not in responses]
    problems += [f"domain.yml has {name} but the console never uses it" for name in sorted(responses)
                 if name.startswith(CONSOLE_PREFIX) and name not in needed]
    return needed, problems
