"""The command line as a user runs it: real processes, real files, exit codes and stderr."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sat-lo-song-may"
CLUSTERS = ROOT / "examples" / "clusters.jsonl"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tomtat.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, "TOMTAT_DEBUG": ""},
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("tomtat: error:")]
    assert len(errors) == 1, err
    for needle in needles:
        assert needle in errors[0]


def test_summarize_example_folder_prints_a_clean_summary():
    proc = run("summarize", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode().strip()
    assert 40 < len(out.split()) <= 180
    assert "_" not in out and " ," not in out and "Ảnh:" not in out and "Nguồn:" not in out
    assert "Khe Lau" in out or "Sông Mây" in out


def test_summarize_json_schema_and_offsets():
    proc = run("summarize", str(EXAMPLE), "--format", "json", "--budget", "120")
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert set(data) == {"summary", "sentences", "documents", "method", "budget", "warnings"}
    assert data["budget"] == {"limit": 120, "unit": "syllables"}
    assert data["method"] == "learned"
    assert len(data["documents"]) == 5
    ids = {d["id"] for d in data["documents"]}
    for s in data["sentences"]:
        assert s["sources"] and {c["document"] for c in s["sources"]} <= ids
    assert data["summary"] == " ".join(s["text"] for s in data["sentences"])


def test_summarize_markdown_cites_numbered_sources():
    proc = run("summarize", str(EXAMPLE), "--format", "markdown")
    assert proc.returncode == 0
    md = proc.stdout.decode()
    assert ("## Nguồn" in md and "[1]" in md) or "[2]" in md
    assert "\n1. " in md and "\n5. " in md


def test_summarize_reads_stdin_jsonl():
    lines = CLUSTERS.read_text(encoding="utf-8").splitlines()
    docs = json.loads(lines[1])["documents"]
    payload = "\n".join(json.dumps(d, ensure_ascii=False) for d in docs).encode()
    proc = run("summarize", "-", "--budget", "60", "--format", "json", stdin=payload)
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert 0 < sum(len(s["text"].split()) for s in data["sentences"]) <= 60


@pytest.mark.parametrize("method", ["default", "coverage", "lead", "centroid", "lexrank"])
def test_every_method_runs(method):
    proc = run(
        "summarize", str(EXAMPLE), "--method", method, "--budget", "3", "--unit", "sentences"
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.strip()


def test_missing_file_is_one_line_error(tmp_path):
    assert_one_line_error(run("summarize", str(tmp_path / "nope.txt")), "nope.txt")


def test_empty_folder_is_one_line_error(tmp_path):
    assert_one_line_error(run("summarize", str(tmp_path)), str(tmp_path))


def test_binary_file_is_one_line_error(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    assert_one_line_error(run("summarize", str(bad)), "x.txt")


def test_jsonl_without_text_is_one_line_error(tmp_path):
    bad = tmp_path / "a.jsonl"
    bad.write_text('{"title": "Không có nội dung"}\n', encoding="utf-8")
    assert_one_line_error(run("summarize", str(bad)), "a.jsonl", "text")


def test_bad_file_in_folder_is_skipped_with_warning(tmp_path):
    for f in EXAMPLE.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "hong.txt").write_bytes(b"")
    proc = run("summarize", str(tmp_path))
    assert proc.returncode == 0
    err = proc.stderr.decode()
    assert "hong.txt" in err and "warning" in err


def test_a_file_in_a_legacy_font_encoding_is_skipped_not_summarized(tmp_path):
    from test_normalization import VNI_TEXT

    (tmp_path / "vni.txt").write_text(VNI_TEXT, encoding="utf-8")
    (tmp_path / "tin.txt").write_bytes((EXAMPLE / "01-tin-nhanh.txt").read_bytes())
    proc = run("summarize", str(tmp_path))
    assert proc.returncode == 0
    assert "vni.txt: not Vietnamese Unicode text" in proc.stderr.decode()
    assert "aø" not in proc.stdout.decode()
    alone = run("summarize", str(tmp_path / "vni.txt"))
    assert alone.returncode == 2 and "VNI or TCVN3" in alone.stderr.decode()


def test_a_paragraph_in_a_legacy_font_encoding_is_left_out_and_named(tmp_path):
    from test_normalization import TCVN3_TEXT, VNI_TEXT

    article = (EXAMPLE / "01-tin-nhanh.txt").read_text(encoding="utf-8").split("\n\n")
    article[2:2] = [VNI_TEXT, TCVN3_TEXT]  # pasted from an old document into a Unicode file
    (tmp_path / "tin.txt").write_text("\n\n".join(article), encoding="utf-8")
    for method in ("lead", "default"):
        proc = run("summarize", str(tmp_path / "tin.txt"), "-m", method, "--budget", "400")
        assert proc.returncode == 0, proc.stderr.decode()
        out, err = proc.stdout.decode(), proc.stderr.decode()
        assert "tin.txt: 2 sentences in a legacy VNI or TCVN3 font encoding left out" in err
        assert "aø" not in out and "¸" not in out


def test_unknown_option_value_exits_2():
    proc = run("summarize", str(EXAMPLE), "--unit", "pages")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr.decode()


def test_batch_keeps_order_and_reports_bad_lines(tmp_path):
    lines = CLUSTERS.read_text(encoding="utf-8").splitlines()
    bad = json.dumps({"id": "hong", "documents": [{"title": "thiếu text"}]})
    src = tmp_path / "in.jsonl"
    nested = '{"id": "sau", "documents": ' + "[" * 5000 + "]" * 5000 + "}"
    src.write_text(
        "\n".join([lines[0], bad, "{không phải json", nested, *lines[1:]]) + "\n", "utf-8"
    )
    proc = run("batch", str(src), "--jobs", "2", "--budget", "80")
    assert proc.returncode == 1, proc.stderr.decode()  # some stories failed
    assert "Traceback" not in proc.stderr.decode()
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    expected_ids = [json.loads(lines[0])["id"], "hong", None, None] + [
        json.loads(x)["id"] for x in lines[1:]
    ]
    assert len(out) == len(expected_ids)
    for got, want in zip(out, expected_ids, strict=True):
        if want is not None:
            assert got["id"] == want
    assert all("error" in out[k] for k in (1, 2, 3))
    assert 'missing required field "text"' in out[1]["error"]  # the reason, not just "none"
    assert out[2]["error"].endswith(
        ":3: column 2: invalid JSON (expecting property name enclosed in double quotes)"
    )  # the file's line, not json's, and worded as the article readers word it
    assert "nested too deeply" in out[3]["error"]
    assert all("summary" in o for i, o in enumerate(out) if i not in (1, 2, 3))
    assert proc.stderr.decode().count("tomtat: warning:") >= 3


def test_batch_story_ids_are_joinable_or_refused(tmp_path):
    story = json.loads(CLUSTERS.read_text(encoding="utf-8").splitlines()[0])
    ids = [None, {"a": 1}, True, 7, " "]
    src = tmp_path / "ids.jsonl"
    src.write_text("\n".join(json.dumps(story | {"id": i}) for i in ids) + "\n", "utf-8")
    proc = run("batch", str(src), "--jobs", "1", "--budget", "40")
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    # null and blank are no id (the line names the story); "None", "{'a': 1}" joined nothing
    assert [o["id"] for o in out] == [f"{src}:1", f"{src}:2", f"{src}:3", "7", f"{src}:5"]
    assert out[1]["error"].endswith('field "id" must be a string or a number, not object')
    assert out[2]["error"].endswith('field "id" must be a string or a number, not boolean')
    assert all("summary" in out[k] for k in (0, 3, 4))


def test_batch_keeps_the_article_ids_a_story_chose(tmp_path):
    story = json.loads(CLUSTERS.read_text(encoding="utf-8").splitlines()[0])
    first, second = ({"text": d["text"]} for d in story["documents"][:2])
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "s", "documents": [first, second | {"id": "1"}]}), "utf-8")
    out = json.loads(run("batch", str(src), "--budget", "400").stdout.decode())
    cited = {c["document"] for s in out["sentences"] for c in s["sources"]}
    assert cited <= {"1-2", "1"} and "1" in cited
    assert out["warnings"] == [f"{src}:1 document 1: duplicate id '1' renamed to '1-2'"]


def test_batch_exit_code_says_whether_anything_was_summarized(tmp_path):
    lines = CLUSTERS.read_text(encoding="utf-8").splitlines()
    good = tmp_path / "good.jsonl"
    good.write_text(lines[0] + "\n" + lines[0] + "\n", "utf-8")
    proc = run("batch", str(good), "--budget", "60")
    assert proc.returncode == 0
    assert "repeats line 1" in proc.stderr.decode()  # one id twice: output matched by id
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "documents": "một bài báo"}\n{"id": "b"}\n', "utf-8")
    proc = run("batch", str(bad))
    assert proc.returncode == 2  # nothing summarized
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert '"documents" must be a list of articles, not str' in out[0]["error"]
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", "utf-8")
    assert_one_line_error(run("batch", str(empty)), "no story lines")


def test_progress_asked_for_in_a_log_file_is_plain_lines():
    # stderr is a pipe here, as when a batch job logs to a file
    stories = [json.loads(line) for line in CLUSTERS.read_text(encoding="utf-8").splitlines()]
    src = "".join(
        json.dumps({**story, "id": f"{story['id']}-{k}"}) + "\n"
        for k in range(4)
        for story in stories
    )
    proc = run("batch", "-", "--progress", "--budget", "60", stdin=src.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stderr.decode().splitlines()
    assert lines == [f"summarizing: {k}/12" for k in (2, 4, 6, 8, 10, 12)]
    quiet = run("batch", "-", "--budget", "60", stdin=src.encode())
    assert quiet.stderr == b""  # off by default when stderr is not a terminal


def test_methods_lists_the_default():
    proc = run("methods")
    assert proc.returncode == 0
    assert "(default)" in proc.stdout.decode()


def test_json_include_text_gives_the_texts_offsets_point_into():
    proc = run("summarize", str(EXAMPLE), "--format", "json", "--include-text")
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for sentence in data["sentences"]:
        for cite in sentence["sources"]:
            assert texts[cite["document"]][cite["start"] : cite["end"]]
        own = sentence["sources"][0]
        assert texts[own["document"]][own["start"] : own["end"]] == sentence["text"]
    assert_one_line_error(run("summarize", str(EXAMPLE), "--include-text"), "--format json")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("summarize", str(EXAMPLE), "--budget", "0"), "--budget"),
        (("summarize", str(EXAMPLE), "--method", "foo"), "'foo' is not one of"),
        (("summarize", str(EXAMPLE), "--format", "xml"), "--format"),
        (("methods", "--format", "json"), "No such option '--format'"),
        (("nonsense",), "No such command"),
        # a time limit of 0, -1, nan or inf reached the socket library: "cannot connect
        # (Operation now in progress)", "invalid URL", or an OverflowError as internal error
        (("summarize", str(EXAMPLE), "--timeout", "0"), "--timeout"),
        (("summarize", str(EXAMPLE), "--timeout", "-1"), "positive number of seconds"),
        (("summarize", str(EXAMPLE), "--timeout", "nan"), "--timeout"),
        (("stories", str(EXAMPLE), "--timeout", "inf"), "positive number of seconds"),
        (("summarize", str(EXAMPLE), "--budget", "abc"), "'abc' is not a valid integer."),
        (("eval", str(EXAMPLE), "--format", "xml"), "--format"),
        (("batch", str(CLUSTERS), "--format", "json"), "--format"),
        # a trailing slash or a path never matches the Origin a browser sends
        (("serve", "--cors-origin", "https://news.example/"), "not an origin"),
        (("serve", "--cors-origin", "news.example"), "not an origin"),
        (("serve", "--cors-origin", "http://localhost:99999"), "not an origin"),
    ],
)
def test_option_errors_are_one_line_too(args, needle):
    proc = run(*args)
    assert_one_line_error(proc, needle, "--help')")
    assert "Usage:" not in proc.stderr.decode() and "╭" not in proc.stderr.decode()


def test_batch_reads_utf16_and_refuses_binary_in_one_line(tmp_path):
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes(CLUSTERS.read_text(encoding="utf-8").encode("utf-16"))
    proc = run("batch", str(utf16), "--budget", "40")
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(out) == 3 and all(o["summary"] for o in out)
    binary = tmp_path / "anh.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    assert_one_line_error(run("batch", str(binary)), "anh.jsonl", "binary")


def test_batch_keeps_an_article_with_an_unreadable_date_undated(tmp_path):
    # summarize keeps such an article; batch used to drop it, failing a one-article story
    flood = {
        "id": "lu-nam-khe",
        "documents": [
            {
                "id": "vne",
                "text": "Lũ quét đổ về xã Nậm Khê, huyện Mường Hòa lúc 3h sáng 14/11, cuốn "
                "trôi 12 ngôi nhà.\nChính quyền huyện đã huy động 200 bộ đội tìm kiếm hai "
                "người mất tích.",
                "published": "32/13/2026",
            }
        ],
    }
    src = tmp_path / "lu.jsonl"
    src.write_text(json.dumps(flood, ensure_ascii=False) + "\n", "utf-8")
    proc = run("batch", str(src), "--budget", "60")
    assert proc.returncode == 0, proc.stderr.decode()
    [out] = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert "Nậm Khê" in out["summary"]
    assert out["warnings"] == [
        f'{src}:1 document 1: unreadable published date "32/13/2026" (read as undated)'
    ]


def test_a_txt_file_holding_a_web_page_is_summarized_as_html(tmp_path):
    page = tmp_path / "chay-xuong-go.txt"
    page.write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>Cháy xưởng gỗ ở Tân Phước'
        "</title></head><body><nav>Trang chủ | Thời sự</nav><article>"
        "<h1>Cháy xưởng gỗ ở Tân Phước</h1>"
        "<p>Rạng sáng 14/11, một xưởng gỗ trong khu công nghiệp Tân Phước bốc cháy dữ dội, "
        "ba công nhân tử vong.</p>"
        "<p>Lực lượng cứu hỏa mất gần bốn giờ mới khống chế được đám cháy.</p>"
        "</article></body></html>",
        "utf-8",
    )
    proc = run("summarize", str(page), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert "<" not in data["summary"] and "Tân Phước" in data["summary"]
    assert data["documents"][0]["title"] == "Cháy xưởng gỗ ở Tân Phước"


def test_help_defaults_and_short_help_option():
    proc = run("-h")
    assert proc.returncode == 0 and b"Commands:" in proc.stdout
    text = run("batch", "--help").stdout.decode()
    assert "integer range" not in text.lower()  # "--budget INTEGER", not "INTEGER RANGE"
    assert "[jsonl]" in text  # the one format batch writes, not a free TEXT
    assert "[table|json]" in run("eval", "--help").stdout.decode()


def test_tomtat_alone_prints_the_help_and_succeeds():
    # it asks what tomtat does, as --help does: not a mistake (click would exit 2, on stderr)
    proc = run()
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == run("--help").stdout and proc.stderr == b""
    assert proc.stdout.startswith(b"Usage: ") and b"[OPTIONS] COMMAND [ARGS]..." in proc.stdout
    assert b"Commands:" in proc.stdout and b"summarize" in proc.stdout


def test_serve_on_a_port_in_use_is_one_line_error(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        db = f"sqlite:///{tmp_path / 't.sqlite'}"
        proc = run("serve", "--port", str(port), "--db", db)  # uvicorn logged it and exited 3
    assert_one_line_error(proc, f"127.0.0.1:{port}", "address already in use")
    assert "INFO" not in proc.stderr.decode()
    bad_host = run("serve", "--host", "no-such-host.invalid", "--db", db)
    assert_one_line_error(bad_host, "--host no-such-host.invalid")


def test_batch_of_empty_stdin_names_stdin_not_dash():
    assert_one_line_error(run("batch", "-", stdin=b""), "<stdin>: no story lines")


def test_batch_unreadable_source_reads_like_summarize(tmp_path):
    assert_one_line_error(run("batch", str(tmp_path / "nope.jsonl")), "no such file or directory")
    assert_one_line_error(run("batch", str(tmp_path)), f"{tmp_path}: is a directory")


def test_one_unusable_article_the_error_names_its_file_and_problem(tmp_path):
    short = tmp_path / "ngan.txt"
    short.write_text("Xin chào.", encoding="utf-8")
    proc = run("summarize", str(short))  # was: "no usable articles to summarize (1 skipped)"
    assert_one_line_error(proc, "ngan.txt: no usable sentences after cleaning")
    assert "warning" not in proc.stderr.decode()  # said once, in the error
    other = tmp_path / "khac.txt"
    other.write_text("Chào.", encoding="utf-8")
    two = run("summarize", str(short), str(other))
    assert_one_line_error(two, "no usable articles to summarize (2 skipped")
    assert two.stderr.decode().count("tomtat: warning:") == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_an_error_not_an_internal_error():
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "tomtat.cli", "summarize", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            env={**os.environ, "TOMTAT_DEBUG": ""},
        )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert err.splitlines() == ["tomtat: error: cannot write the output: No space left on device"]


ABMUSU = ROOT.parent / "shared" / "data" / "abmusu" / "train.jsonl"


@pytest.mark.skipif(not ABMUSU.exists(), reason="needs ../shared/data")
def test_eval_scores_a_repeated_method_once_and_checks_cv_first(tmp_path):
    data = tmp_path / "ab.jsonl"
    with ABMUSU.open(encoding="utf-8") as lines:
        data.write_text("".join(next(lines) for _ in range(3)), encoding="utf-8")
    proc = run("eval", str(data), "-m", "lead", "-m", "lead", "--no-peers", "-f", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [r["system"] for r in json.loads(proc.stdout)["results"]] == ["tomtat lead"]
    bad = run("eval", str(data), "--cv", "1")
    assert_one_line_error(bad, "--cv 1")
    assert bad.stderr.decode().count("\n") == 1  # no model warning before the error
    cv = run("eval", str(data), "--cv", "3", "--no-peers", "-f", "json")
    assert cv.returncode == 0, cv.stderr.decode()
    assert "use --cv 5" not in cv.stderr.decode()  # it was used: not advised again


def test_stdin_named_twice_is_refused_not_read_as_empty():
    payload = (EXAMPLE / "01-tin-nhanh.txt").read_bytes()
    for command in ("summarize", "stories"):
        proc = run(command, "-", "-", stdin=payload)  # was "<stdin>: input is empty"
        assert_one_line_error(proc, "- (stdin) is named more than once")


def test_output_is_utf8_whatever_the_locale_encoding():
    proc = subprocess.run(
        [sys.executable, "-m", "tomtat.cli", "summarize", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert "người" in json.loads(proc.stdout.decode("utf-8"))["summary"]


_FLOOD = (
    "Sáng 13/9, mưa lớn gây ngập nhiều tuyến phố ở Hà Nội khiến giao thông ùn tắc kéo dài. "
    "Nhiều xe máy chết máy giữa đường ngập sâu nửa mét."
)


def test_a_lone_surrogate_in_json_is_replaced_in_prose_and_refused_in_ids(tmp_path):
    # a feed that cut an emoji in half leaves "\ud83d": valid JSON, no character; writing it
    # out crashed the batch after its first story
    stories = tmp_path / "s.jsonl"
    lines = [
        {"id": "s1", "documents": [{"text": _FLOOD}]},
        {"id": "s2", "documents": [{"text": _FLOOD + " \ud83d", "title": "Mưa \udc00"}]},
        {"id": "s3\ud800", "documents": [{"text": _FLOOD}]},
        {"id": "s4", "documents": [{"text": _FLOOD}]},
    ]
    stories.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    proc = run("batch", str(stories), "--jobs", "1")
    assert "Traceback" not in proc.stderr.decode() and "internal error" not in proc.stderr.decode()
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [o.get("id") for o in out] == ["s1", "s2", f"{stories}:3", "s4"]
    assert "error" not in out[1] and "lone surrogate \\ud800" in out[2]["error"]
    article = tmp_path / "a.json"
    article.write_text(json.dumps({"title": "T\udc00", "text": _FLOOD + " \ud83d"}), "utf-8")
    proc = run("summarize", str(article), "--format", "json", "--include-text")
    assert proc.returncode == 0, proc.stderr.decode()
    (document,) = json.loads(proc.stdout)["documents"]
    assert document["title"] == "T\ufffd" and document["text"].endswith("\ufffd")
    named = tmp_path / "b.json"
    named.write_text(json.dumps({"id": "x\ud800", "text": _FLOOD}), "utf-8")
    assert_one_line_error(run("summarize", str(named)), "b.json", 'field "id"', "surrogate")
