"""Plain text: the summary as one paragraph."""

from tomtat.models import Summary


def render_text(summary: Summary) -> str:
    return summary.text
