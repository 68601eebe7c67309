"""No buyer-facing text is written inline in Python in two languages: every such text is a
domain.yml response (both languages, checked by `python -m tools.validate`) read through
bot.texts (`text`, `joiner`) or bot.i18n (`label`, `money`, `day`).

Read from the source with ast. A branch on the language (`… if lang == "zh" else …`, or an
`if language == "en":` block) must not hold a Chinese string (CJK characters or full-width
punctuation such as 、 or （）), and no dict may keep its own {"zh": …, "en": …} texts: either
one is a text that belongs in domain.yml. Docstrings and comments are not looked at, and neither
are strings outside such branches (a parser's word lists, staff-facing notes, demo data).

Allowed: bot/nlu/ only. It parses what the buyer wrote, so its language branches choose Chinese
or English *patterns*, not texts anyone reads.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("actions", "bot")
ALLOWED = ("bot/nlu/",)
LANGUAGE_CODES = {"zh", "en"}
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _sources():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(ALLOWED):
                yield relative, ast.parse(path.read_text(encoding="utf-8"), relative)


def _tests_the_language(test: ast.expr) -> bool:
    """`x == "zh"`, `"en" != x`, `x in ("zh", "en")` and the like."""
    return any(isinstance(node, ast.Compare)
               and any(isinstance(c, ast.Constant) and c.value in LANGUAGE_CODES
                       for c in [node.left, *node.comparators, *_tuple_items(node.comparators)])
               for node in ast.walk(test))


def _tuple_items(nodes):
    return [item for node in nodes if isinstance(node, (ast.Tuple, ast.List, ast.Set)) for item in node.elts]


def _chinese_strings(nodes):
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CHINESE.search(node.value):
                yield node


def _inline_texts(tree: ast.AST):
    """(line, text) of each Chinese string inside a branch on the language or a zh/en dict."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.IfExp, ast.If)) and _tests_the_language(node.test):
            branches = [node.body, node.orelse] if isinstance(node, ast.IfExp) else [*node.body, *node.orelse]
            yield from ((s.lineno, s.value) for s in _chinese_strings(branches))
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if LANGUAGE_CODES <= keys:
                yield from ((s.lineno, s.value) for s in _chinese_strings(node.values))


def test_no_inline_bilingual_text_in_actions_or_bot():
    found = [f"{path}:{line}: {value!r}" for path, tree in _sources() for line, value in _inline_texts(tree)]
    assert not found, ("texts picked by language in Python; make each a domain.yml response (zh and en) "
                       "and read it with bot.texts.text / joiner:\n" + "\n".join(found))


def test_the_check_finds_an_inline_text():
    sample = ast.parse('a = "、" if lang == "zh" else ", "\n'
                       'if language == "en":\n    b = "x"\nelse:\n    b = f"{n}件"\n'
                       'C = {"zh": "核实", "en": "checked"}\n'
                       'd = "en" if "hello" in words else "zh"\n')
    assert sorted(line for line, _ in _inline_texts(sample)) == [1, 5, 6]
