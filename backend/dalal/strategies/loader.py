"""User strategies: Python files in a configured folder (``DALAL_STRATEGIES_DIR``, read by
``Settings.strategies_dir``; callers pass the folder in, so this module reads no environment).

Every ``*.py`` file in the folder (not its subfolders; names starting with ``_`` are skipped)
is executed once, in name order, as module ``dalal_user_strategies.<stem>``. Each
``Strategy`` subclass it defines with a ``name`` is registered. The code runs with the
server's rights: the folder is the operator's, and nothing reaches this loader from an HTTP
request (the API only ever names strategies already loaded).
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path
from typing import Any

from dalal.domain.errors import InvalidInput
from dalal.strategies.base import Strategy
from dalal.strategies.registry import register

SETTING = "DALAL_STRATEGIES_DIR"
PACKAGE = "dalal_user_strategies"


class StrategyLoadError(InvalidInput):
    code = "STRATEGY_LOAD_ERROR"


def load_user_strategies(folder: Path | None) -> list[str]:
    """Load the folder's strategies (None: no folder configured); returns the names
    registered, in load order. A file already loaded in this process is not run again
    (its classes are registered again, which is a no-op): restart to pick up edits."""
    if folder is None:
        return []
    if not folder.is_dir():
        raise StrategyLoadError(f"{SETTING} is {folder}, which is not a folder.")
    names: list[str] = []
    for path in sorted(folder.glob("*.py")):
        if not path.name.startswith("_"):
            names.extend(_load_file(path))
    return names


def _load_file(path: Path) -> list[str]:
    module_name = f"{PACKAGE}.{path.stem}"
    loaded = sys.modules.get(module_name)
    if loaded is not None and getattr(loaded, "__file__", None) == str(path):
        return [register(cls).name for cls in _strategies_in(loaded)]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise StrategyLoadError(f"{path} cannot be loaded as a Python module.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        sys.modules.pop(module_name, None)
        raise StrategyLoadError(f"{path.name}: {type(error).__name__}: {error}") from error
    return [register(cls).name for cls in _strategies_in(module)]


def _strategies_in(module: Any) -> list[type[Strategy[Any]]]:
    found = [
        obj
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, Strategy) and obj.__module__ == module.__name__ and obj.name
    ]
    return sorted(found, key=lambda cls: cls.name)
