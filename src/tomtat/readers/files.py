"""Read article files and list the supported files of a directory."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.decoding import decode_bytes
from tomtat.readers.html import article_from_html
from tomtat.readers.json_articles import articles_from_json_text
from tomtat.readers.markdown import markdown_article
from tomtat.readers.sizes import too_large
from tomtat.readers.sniff import articles_from_text, text_article

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md",)
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, *HTML_SUFFIXES, ".json", ".jsonl")
NO_SUPPORTED_FILES = "no .txt, .md, .html, .json or .jsonl files found"
NOT_FOUND = "no such file or directory"
_Entry = TypeVar("_Entry", os.DirEntry[str], Path)


def read_path(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = 10_000_000,
    warnings: list[str] | None = None,
) -> list[Article]:
    """Read one file the user named: its format comes from the extension, else from sniffing.

    Raises ``InputError(path, ...)`` for any problem with the file. With a ``warnings``
    list, damage it can work around is repaired or skipped and reported there instead: a
    few bad UTF-8 bytes, mojibake, bad lines of JSON Lines (items of a JSON list), and
    unreadable ``published`` dates (the article is kept undated).
    """
    origin = os.fspath(path)
    file = Path(origin)
    data = read_bounded(file, origin, max_bytes)
    text = decode_bytes(data, origin, warnings=warnings)
    suffix = file.suffix.lower()
    stem = file.stem or origin
    if suffix in TEXT_SUFFIXES:
        # The whole file is the text (normalization splits off a glued title later), unless
        # it is a web page saved as .txt: that is read as HTML, as it is on stdin.
        return [text_article(text, origin, stem)]
    if suffix in MARKDOWN_SUFFIXES:
        return [markdown_article(text, stem, origin, warnings=warnings)]
    if suffix in HTML_SUFFIXES:
        article = article_from_html(text, origin)
        article.id = stem
        return [article]
    if suffix in (".json", ".jsonl"):
        lines = True if suffix == ".jsonl" else None
        return articles_from_json_text(text, origin, lines=lines, warnings=warnings)
    return articles_from_text(text, origin, stem, warnings=warnings)


def read_bounded(file: Path, origin: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over ``max_bytes`` before reading them."""
    try:
        info = file.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(origin, NOT_FOUND) from None
    except OSError as error:
        raise InputError(origin, f"cannot read file ({_reason(error)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(origin, "is a directory, not a file")
    if info.st_size > max_bytes:
        raise InputError(origin, too_large("file", info.st_size, max_bytes))
    try:
        with file.open("rb") as handle:
            # Bounded even after the size check: pipes report size 0 and files can grow.
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputError(origin, f"cannot read file ({_reason(error)})") from None
    if len(data) > max_bytes:
        raise InputError(origin, too_large("file", None, max_bytes))
    return data


def list_directory(directory: Path, *, recursive: bool = False) -> tuple[list[Path], list[str]]:
    """Supported files under ``directory`` sorted by (relative) name, plus warnings.

    Hidden files and folders are skipped: they are editor, VCS or macOS ``._*`` files, not
    articles. Unreadable subfolders become warnings; an unreadable top folder an InputError.
    """
    origin = str(directory)
    warnings: list[str] = []
    if not recursive:
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
                kept, dangling = _files_and_broken_links(e for e in listed if _wanted(e.name))
                nested = any(not e.name.startswith(".") and e.is_dir() for e in listed)
        except OSError as error:
            raise InputError(origin, f"cannot read directory ({_reason(error)})") from None
        if not kept and nested:  # a feed saved one folder a day: say how to read it
            raise InputError(origin, f"{NO_SUPPORTED_FILES} (it has subfolders: use --recursive)")
        files = [directory / name for name in sorted(e.name for e in kept)]
    else:
        found: list[Path] = []

        def skip_unreadable(error: OSError) -> None:
            if os.path.realpath(error.filename or "") == os.path.realpath(directory):
                raise InputError(origin, f"cannot read directory ({_reason(error)})")
            warnings.append(f"{error.filename}: cannot read directory ({_reason(error)}) (skipped)")

        for root, dirnames, filenames in os.walk(directory, onerror=skip_unreadable):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            found.extend(Path(root) / name for name in filenames if _wanted(name))
        files, dangling = _files_and_broken_links(found)
        files.sort(key=lambda f: f.relative_to(directory).parts)
    warnings += [f"{link}: broken link (skipped)" for link in sorted(map(Path, dangling))]
    if not files:
        raise InputError(origin, NO_SUPPORTED_FILES)
    return files, warnings


def is_directory(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # permission problems surface later with a clear message
        return False


# A folder's documentation describes the articles; it is not one of them.
_NOT_ARTICLES = ("readme", "license", "licence", "changelog", "contributing")


def _wanted(name: str) -> bool:
    stem, suffix = os.path.splitext(name)
    return (
        not name.startswith(".")
        and suffix.lower() in SUPPORTED_SUFFIXES
        and stem.lower() not in _NOT_ARTICLES
    )


def _is_file(entry: os.DirEntry[str] | Path) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _files_and_broken_links(entries: Iterable[_Entry]) -> tuple[list[_Entry], list[_Entry]]:
    """The entries that are files, and the symbolic links among the rest whose target is
    gone (named, or their article would vanish unsaid; looked for only where no file is)."""
    files, broken = [], []
    for entry in entries:
        if _is_file(entry):
            files.append(entry)
        else:
            try:
                if entry.is_symlink() and not os.path.exists(entry):
                    broken.append(entry)
            except OSError:
                pass
    return files, broken


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
