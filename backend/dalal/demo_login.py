"""Where the embedded demo login is kept: ``var/demo_login.json`` (mode 0600).

``dalal demo`` writes it; the server reads it so the login page can offer one-click entry.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dalal.services.runtime import DemoLogin


def demo_login_path(var_dir: Path) -> Path:
    return var_dir / "demo_login.json"


def read_demo_login(var_dir: Path) -> DemoLogin | None:
    path = demo_login_path(var_dir)
    try:
        data = json.loads(path.read_text())
        return DemoLogin(username=str(data["username"]), password=str(data["password"]))
    except (OSError, ValueError, KeyError):
        return None


def write_demo_login(var_dir: Path, login: DemoLogin) -> None:
    var_dir.mkdir(parents=True, exist_ok=True)
    path = demo_login_path(var_dir)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"username": login.username, "password": login.password}, handle)
