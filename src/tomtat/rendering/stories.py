"""Stories as JSON Lines (one story a line), a JSON list, or a readable Markdown digest."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tomtat.rendering.markdown import code_span, escape_markdown, source_line

STORY_FORMATS: tuple[str, ...] = ("jsonl", "json", "markdown")


def _sources_line(story: dict[str, Any]) -> str:
    # only named outlets: a .txt without one would list its file name as an outlet
    outlets = sorted({d["source"] for d in story["sources"] if d.get("source")})
    size = len(story["documents"])
    return f"{size} bài" + (" · " + escape_markdown(", ".join(outlets)) if outlets else "")


_PART_WORDS = {"early": "đầu ", "mid": "giữa ", "late": "cuối "}


def display_date(entry: dict[str, Any]) -> str:
    """A timeline date as a Vietnamese reader writes it: ``13/9/2023``, ``13/9`` (year
    unknown), ``tháng 7/2023``, ``cuối tháng 7``, ``năm 2023``, ``đầu năm 2023``."""
    date = entry["date"]
    known = not date.startswith("--")
    parts = date.lstrip("-").split("-")
    year = parts[0] if known else None
    rest = [str(int(p)) for p in (parts[1:] if known else parts)]
    precision = entry.get("precision", "day")
    # "cuối năm 2022" sorts after "tháng 11/2022"; shown as "năm 2022" it looks out of order
    part = _PART_WORDS.get(entry.get("part") or "", "")
    if precision == "year":
        return f"{part}năm {year}" if year else date
    if precision == "month":
        return part + (f"tháng {rest[0]}/{year}" if year else f"tháng {rest[0]}")
    day_month = f"{rest[1]}/{rest[0]}"
    return f"{day_month}/{year}" if year else day_month


def story_markdown(story: dict[str, Any]) -> str:
    """One story: title, summary with ``[n]`` citations, timeline, numbered sources."""
    number = {d["id"]: i + 1 for i, d in enumerate(story["sources"])}

    def cited(item: dict[str, Any]) -> str:
        refs = "".join(f"[{number[c['document']]}]" for c in item["sources"])
        return f"{escape_markdown(item['text'])} {refs}"

    out = [f"## {escape_markdown(story['title'])}", "", f"_{_sources_line(story)}_", ""]
    sentences = [cited(s) for s in story["sentences"]]
    if story.get("error"):
        out += [f"_Không tóm tắt được: {escape_markdown(story['error'])}_", ""]
    else:
        out += [" ".join(sentences) if sentences else "_(trống)_", ""]
    if story["timeline"]:
        out += ["### Diễn biến", ""]
        out += [f"- **{display_date(entry)}** — {cited(entry)}" for entry in story["timeline"]]
        out.append("")
    out += ["### Nguồn", ""]
    for d in story["sources"]:
        head = f"**{escape_markdown(d['title'])}**" if d.get("title") else code_span(d["id"])
        line = source_line(head, d.get("source"), d.get("published"), d.get("url"))
        out.append(f"{number[d['id']]}. {line}")
    return "\n".join(out) + "\n"


def render_stories(stories: Iterable[dict[str, Any]], fmt: str) -> Iterable[str]:
    """Chunks of output text for ``stories`` (already ``Story.to_dict()``) in ``fmt``."""
    if fmt not in STORY_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(STORY_FORMATS)}")
    if fmt == "jsonl":
        for story in stories:
            yield json.dumps(story, ensure_ascii=False) + "\n"
    elif fmt == "json":
        yield json.dumps(list(stories), ensure_ascii=False, indent=2) + "\n"
    else:
        items = list(stories)
        yield f"# Tin tức: {len(items)} câu chuyện\n\n"
        for story in items:
            yield story_markdown(story) + "\n"
