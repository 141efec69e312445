"""Loaders for the evaluation corpora: VN-MDS folders and VLSP 2022 AbMuSu JSONL.

Only what a fair system may read is loaded. For VN-MDS that is ``<doc>.body.txt`` plus the
``TITLE:`` and ``TIME:`` lines of ``<doc>.info.txt``; the ``SUMMARY:`` line (the outlet's
lead), the corpus' ``.sum`` baseline and the segmented ``.tok`` files are never opened, and
the references are read only into ``EvalCluster.references``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.json_articles import JsonLineError, loads_line

_CLUSTER_DIR = re.compile(r"cluster_(\d+)")
_WORD = re.compile(r"[^\W_]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?…)\]}”’%])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{“‘])\s+")
_VNMDS_TIME = "%d/%m/%Y %H:%M"


@dataclass
class EvalCluster:
    """One story: its articles and the human reference summaries."""

    id: str
    articles: list[Article]
    references: list[str]
    category: str | None = None
    origin: str = ""  # where it was read from, for messages: a folder, or "file:line"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1  # a JSONL user looks for the line
        raise InputError(
            f"{path}:{line}", f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _desegment(text: str) -> str:
    """Undo VN-MDS word segmentation well enough for a title: ``_`` to space, tidy spaces."""
    text = " ".join(text.replace("_", " ").split())
    return _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_PUNCT.sub(r"\1", text))


def _read_vnmds_info(path: Path) -> tuple[str | None, datetime | None]:
    """``TITLE:`` and ``TIME:`` of a document's info file; every other line is skipped unread."""
    title: str | None = None
    published: datetime | None = None
    if not path.is_file():
        return title, published
    for line in _read_text(path).splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().upper(), value.strip()
        if key == "TITLE" and value:
            title = _desegment(value)
        elif key == "TIME" and value:
            try:
                published = datetime.strptime(value, _VNMDS_TIME)
            except ValueError:
                published = None  # optional metadata: a bad date should not lose the article
    return title, published


def _load_vnmds_cluster(folder: Path, cluster_id: str) -> EvalCluster:
    articles: list[Article] = []
    bodies = sorted(
        # "._1.body.txt": the resource fork macOS leaves on other file systems, not an article
        (p for p in folder.glob("*.body.txt") if not p.name.startswith(".")),
        key=lambda p: _doc_sort_key(p.name[: -len(".body.txt")]),
    )
    for body in bodies:
        doc_id = body.name[: -len(".body.txt")]
        title, published = _read_vnmds_info(folder / f"{doc_id}.info.txt")
        articles.append(
            Article(
                text=_read_text(body),
                id=doc_id,
                title=title,
                published=published,
                origin=str(body),
            )
        )
    if not articles:
        raise InputError(str(folder), "cluster folder has no <doc>.body.txt articles")
    references = []
    for k in (1, 2):
        path = folder / f"cluster_{cluster_id}.ref{k}.txt"
        reference = _read_text(path).strip()
        if not _has_words(reference):  # scoring against nothing would drag the mean down
            raise InputError(str(path), "empty reference summary (no words)")
        references.append(reference)
    return EvalCluster(id=cluster_id, articles=articles, references=references, origin=str(folder))


def _has_words(text: str) -> bool:
    """Whether ROUGE finds a token in ``text`` ("... --- !!!" has none)."""
    return _WORD.search(text) is not None


def _doc_sort_key(doc_id: str) -> tuple[int, int | str]:
    return (0, int(doc_id)) if doc_id.isdigit() else (1, doc_id)


def _cluster_dirs(path: Path) -> list[tuple[int, Path]]:
    found: dict[int, Path] = {}
    for child in sorted(path.iterdir()):
        m = _CLUSTER_DIR.fullmatch(child.name)
        if m and child.is_dir():
            num = int(m.group(1))
            if num in found:  # both would be cluster "10": scored twice, ids ambiguous
                raise InputError(str(child), f"same cluster id as {found[num]}")
            found[num] = child
    return sorted(found.items())


def load_vnmds(path: str | Path) -> list[EvalCluster]:
    """Load every ``cluster_<id>/`` folder under ``path``, sorted by numeric id."""
    root = Path(path)
    if not root.is_dir():
        raise InputError(str(root), "not a directory")
    dirs = _cluster_dirs(root)
    if not dirs:
        raise InputError(str(root), "no cluster_<id> folders found")
    return [_load_vnmds_cluster(folder, str(num)) for num, folder in dirs]


def _require_str(obj: dict, key: str, origin: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise InputError(origin, f"field {key!r} is missing or not a string")
    return value


def _reference(obj: dict, origin: str) -> str:
    summary = _require_str(obj, "summary", origin)
    if not _has_words(summary):  # scoring against nothing would drag the mean down
        raise InputError(origin, "field 'summary' is empty (no words)")
    return summary


def _optional_str(obj: dict, key: str, origin: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):  # a number as title would be dropped and move the score
        raise InputError(origin, f"field {key!r} is not a string")
    return value.strip() or None


def load_abmusu(path: str | Path) -> list[EvalCluster]:
    """Load an AbMuSu JSONL file: one cluster per non-blank line, id = 0-based line index."""
    file = Path(path)
    text = _read_text(file)
    clusters: list[EvalCluster] = []
    for i, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        origin = f"{file}:{i + 1}"
        try:
            obj = loads_line(line)
        except JsonLineError as exc:
            raise InputError(origin, str(exc)) from None
        if not isinstance(obj, dict):
            raise InputError(origin, "expected a JSON object")
        docs = obj.get("single_documents")
        if not isinstance(docs, list) or not docs:
            raise InputError(origin, "field 'single_documents' is missing or empty")
        articles = []
        for j, doc in enumerate(docs):
            doc_origin = f"{origin} document {j + 1}"  # counted from 1, as batch counts
            if not isinstance(doc, dict):
                raise InputError(doc_origin, "expected a JSON object")
            articles.append(
                Article(
                    text=_require_str(doc, "raw_text", doc_origin),
                    id=f"{i}-{j}",
                    title=_optional_str(doc, "title", doc_origin),
                    lead=_optional_str(doc, "anchor_text", doc_origin),
                    origin=doc_origin,
                )
            )
        category = obj.get("category")
        clusters.append(
            EvalCluster(
                id=str(i),
                articles=articles,
                references=[_reference(obj, origin)],
                category=category if isinstance(category, str) else None,
                origin=origin,
            )
        )
    if not clusters:
        raise InputError(str(file), "no clusters in file")
    return clusters


def load_dataset(path: str | Path) -> tuple[str, list[EvalCluster]]:
    """Detect and load a corpus: ``("vnmds", clusters)`` or ``("abmusu", clusters)``."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "no such file or directory")
    if p.is_dir() and _cluster_dirs(p):
        return "vnmds", load_vnmds(p)
    if p.is_file() and p.suffix.lower() == ".jsonl":
        return "abmusu", load_abmusu(p)
    raise InputError(str(p), "not a VN-MDS folder or AbMuSu JSONL file")
