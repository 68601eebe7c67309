"""The package layout holds: no import cycles between modules, and the pure layers reach no server code.

Read from the source with ast, so a new cycle or a pure layer that starts to import Rasa fails
here, before it fails at run time. Cycles are looked for among the imports a module runs when it
is loaded (a function's own import runs later, once both modules exist); the pure layers are
checked through every import, function-level ones included.
"""
import ast
from pathlib import Path
from typing import Dict, List, Set

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "actions", "tools")
# layers that know nothing of Rasa or the web server, not even through the modules they import
PURE = ("bot.policy", "bot.service", "bot.shop", "bot.jobs")
SERVER_SIDE = ("rasa", "rasa_sdk", "sanic", "socketio")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> Dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found[_module_name(path)] = path
    return found


def _load_time_nodes(tree: ast.AST):
    """The statements that run when the module loads: everything outside function bodies."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(child for child in ast.iter_child_nodes(node)
                    if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))


def _imports(path: Path, name: str, known: Set[str], load_time_only: bool = False) -> Set[str]:
    """The project modules (and the outside modules, as written) this module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: Set[str] = set()
    for node in (_load_time_nodes(tree) if load_time_only else ast.walk(tree)):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known)
    return targets


def _graph(load_time_only: bool = False) -> Dict[str, Set[str]]:
    modules = _modules()
    known = set(modules)
    graph = {}
    for name, path in modules.items():
        targets = _imports(path, name, known, load_time_only)
        graph[name] = {t for t in targets if t in known and t != name and not name.startswith(t + ".")}
    return graph


def _cycle(graph: Dict[str, Set[str]]) -> List[str]:
    """One import cycle as a list of modules, or [] when there is none (iterative DFS)."""
    state: Dict[str, int] = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
    return []


def test_no_module_imports_itself_through_others_when_it_loads():
    assert _cycle(_graph(load_time_only=True)) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def _server_side(target: str) -> bool:
    return target.split(".")[0] in SERVER_SIDE


def test_the_pure_layers_reach_no_server_code():
    modules = _modules()
    known = set(modules)
    graph = _graph()
    offenders = []
    for name in sorted(m for m in modules if m.startswith(PURE)):
        seen, todo = {name}, [name]
        while todo:
            current = todo.pop()
            outside = [t for t in _imports(modules[current], current, known) if _server_side(t)]
            offenders += [f"{name} reaches {t} through {current}" for t in outside]
            for child in graph[current] - seen:
                seen.add(child)
                todo.append(child)
    assert offenders == []
