"""``tomtat serve``: the HTTP API and the web page over a persistent store.

Importing this package loads FastAPI and SQLAlchemy; the rest of tomtat never imports it.
"""

from __future__ import annotations

import os
from pathlib import Path

from tomtat.service.app import create_app

__all__ = ["create_app", "default_db_url"]


def default_db_url() -> str:
    """``sqlite:///`` in the user data folder (``$XDG_DATA_HOME/tomtat``, else
    ``~/.local/share/tomtat``), created if missing."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    folder = Path(base) / "tomtat"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'tomtat.sqlite'}"
