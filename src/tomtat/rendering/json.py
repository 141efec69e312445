"""JSON: the documented schema (see README), Vietnamese kept readable (no \\u escapes)."""

import json

from tomtat.models import Summary


def render_json(summary: Summary, *, indent: int | None = 2) -> str:
    return json.dumps(summary.to_dict(), ensure_ascii=False, indent=indent)
