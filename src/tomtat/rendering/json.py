"""JSON: the documented schema (see README), Vietnamese kept readable (no \\u escapes)."""

import json

from tomtat.models import Summary


def render_json(summary: Summary, *, indent: int | None = 2, include_text: bool = False) -> str:
    return json.dumps(summary.to_dict(include_text=include_text), ensure_ascii=False, indent=indent)
