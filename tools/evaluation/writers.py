"""Which writing session wrote each NLU example (git blame), for held-out-writer folds."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from tools.evaluation import data as eval_data

BATCHES = Path(__file__).with_name("writers.yml")
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_HASH = re.compile(r"^([0-9a-f]{40}) ")


def example_text(line: str) -> Optional[str]:
    """The plain text of a YAML example line ("    - 这件[白色](color)的有吗" -> "这件白色的有吗"),
    or None for a line that is not an example."""
    stripped = line.strip()
    if not stripped.startswith("- ") or stripped.startswith(("- intent:", "- synonym:", "- regex:", "- lookup:")):
        return None
    text = stripped[2:].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return _ANNOTATION.sub(r"\1", text).strip() or None


def blamed_lines(path: Path) -> List[Tuple[str, str]]:
    """(commit hash, line) for every line of a file under git."""
    output = subprocess.run(["git", "blame", "--line-porcelain", "--", str(path.relative_to(eval_data.ROOT))],
                            cwd=eval_data.ROOT, capture_output=True, text=True, check=True).stdout
    rows, commit = [], ""
    for line in output.splitlines():
        found = _HASH.match(line)
        if found:
            commit = found.group(1)
        elif line.startswith("\t"):
            rows.append((commit, line[1:]))
    return rows


def batch_of_commit(commit: str, batches: Dict[str, Sequence[str]]) -> Optional[str]:
    """The batch listing this commit (by prefix), or None."""
    return next((name for name, commits in batches.items() if any(commit.startswith(str(c)) for c in commits)), None)


def example_batches(languages: Iterable[str] = eval_data.LANGUAGES) -> Dict[Tuple[str, str], Optional[str]]:
    """(language, text) of every example line -> the writers.yml batch that wrote it (None: unlisted)."""
    batches = yaml.safe_load(BATCHES.read_text(encoding="utf-8"))["batches"]
    found: Dict[Tuple[str, str], Optional[str]] = {}
    for language in languages:
        for path in sorted((eval_data.NLU_DIR / language).glob("*.yml")):
            for commit, line in blamed_lines(path):
                text = example_text(line)
                if text is not None:
                    found.setdefault((language, text), batch_of_commit(commit, batches))
    return found


def writer_folds(directory: Path, typed: bool = False):
    """(batch name, train examples, held-out examples, featurized train data, featurized held-out
    messages) for each batch of writers.yml: the batch is held out, every other example trains;
    `typed`: the held-out English is typed as in a chat."""
    from tools.evaluation.tune_classifier import featurize_fold, held_out_texts

    examples = eval_data.own_examples()
    batch_of = example_batches()
    names = sorted({b for b in batch_of.values() if b})
    for name in names:
        held = [batch_of.get((e.language, e.text.strip())) == name for e in examples]
        train_ex = [e for e, h in zip(examples, held) if not h]
        test_ex = [e for e, h in zip(examples, held) if h]
        train, test = featurize_fold([(e.text, e.intent) for e in train_ex], held_out_texts(test_ex, typed),
                                     directory / name)
        yield name, train_ex, test_ex, train, test
