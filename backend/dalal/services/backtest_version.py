"""The code version stored with each run: the package version, plus the git commit when the
code runs from a checkout (computed once per process)."""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

from dalal import __version__


@lru_cache(maxsize=1)
def code_version() -> str:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607 - git from PATH
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return __version__
    commit = found.stdout.strip()
    return f"{__version__}+{commit}" if found.returncode == 0 and commit else __version__
