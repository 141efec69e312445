"""``tomtat stories`` as a user runs it: grouping + summary + timeline, stateless and with
--state (add, list), output formats and error lines."""

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from test_cli import EXAMPLE, assert_one_line_error, run
from tomtat.stories.command import load_articles

# A second, unrelated (fictional) story, so the pile holds two stories.
BRIDGE = {
    "cau-1.txt": (
        "Khánh thành cầu Bến Sỏi nối hai huyện ven biển\n"
        "Sáng 20/10, UBND tỉnh Hải Lam khánh thành cầu Bến Sỏi bắc qua sông Trà Mi, nối huyện "
        "Đông Phố với huyện Cát Hải. Cây cầu dài 1,2 km, rộng 16 m, có tổng vốn đầu tư 780 tỷ "
        "đồng từ ngân sách tỉnh. Theo chủ đầu tư, cầu được thi công trong 26 tháng, sớm hơn kế "
        "hoạch 4 tháng. Người dân hai huyện trước đây phải đi phà mất khoảng 40 phút, nay chỉ "
        "cần 5 phút để qua sông."
    ),
    "cau-2.txt": (
        "Cầu Bến Sỏi thông xe, người dân hết cảnh chờ phà\n"
        "Cầu Bến Sỏi dài 1,2 km nối huyện Đông Phố và huyện Cát Hải của tỉnh Hải Lam đã chính "
        "thức thông xe sáng 20/10. Công trình có tổng vốn 780 tỷ đồng và hoàn thành sớm 4 tháng "
        "so với kế hoạch. Ông Lê Văn Tám, một người dân xã Cát Thành, cho biết trước đây mỗi "
        "ngày ông phải chờ phà gần một giờ để chở hàng sang chợ Đông Phố. Bến phà Trà Mi sẽ "
        "ngừng hoạt động từ ngày 1/11."
    ),
}


def _pile(folder: Path, *, bridge: bool = True, landslide: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if landslide:
        for path in EXAMPLE.iterdir():
            shutil.copy(path, folder / path.name)
    if bridge:
        for name, text in BRIDGE.items():
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _stories(proc) -> list[dict]:
    assert proc.returncode == 0, proc.stderr.decode()
    return [json.loads(line) for line in proc.stdout.decode().splitlines() if line.strip()]


def test_stories_groups_a_pile_and_summarizes_each_story(tmp_path):
    stories = _stories(run("stories", str(_pile(tmp_path / "pile"))))
    assert [len(s["documents"]) for s in stories] == [5, 2]  # largest first
    every = [d for s in stories for d in s["documents"]]
    assert len(every) == len(set(every)) == 7  # each article in exactly one story
    assert set(stories[1]["documents"]) == {"cau-1", "cau-2"}
    for story in stories:
        assert set(story) >= {"id", "title", "documents", "summary", "sentences", "timeline"}
        assert story["summary"] and story["title"]
        texts = {d["id"]: d for d in story["sources"]}
        for sentence in story["sentences"] + story["timeline"]:
            for cite in sentence["sources"]:
                assert cite["document"] in story["documents"] and cite["document"] in texts
        dates = [e["date"] for e in story["timeline"] if e["year_known"]]
        assert dates == sorted(dates)
    assert "Bến Sỏi" in stories[1]["summary"]
    assert any(e["date"] == "--10-20" for e in stories[1]["timeline"])  # no year anywhere


def test_stories_json_and_markdown_formats(tmp_path):
    pile = str(_pile(tmp_path / "pile"))
    listed = json.loads(run("stories", pile, "--format", "json").stdout)
    assert isinstance(listed, list) and len(listed) == 2
    proc = run("stories", pile, "--format", "markdown")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert out.startswith("# Tin tức: 2 câu chuyện")
    assert out.count("\n## ") == 2 and "### Diễn biến" in out and "### Nguồn" in out
    # the outlets line names outlets, never a file name standing in for one
    assert "\n_2 bài_\n" in out


def test_state_add_then_list_keeps_story_ids_and_never_duplicates(tmp_path):
    state = tmp_path / "state"
    first = _stories(
        run("stories", "--state", str(state), "add", str(_pile(tmp_path / "a", bridge=False)))
    )
    assert len(first) == 1 and len(first[0]["documents"]) == 5
    landslide_id = first[0]["id"]
    # a second batch: a new story, and the same landslide files again (not added twice)
    proc = run("stories", "--state", str(state), "add", str(_pile(tmp_path / "b")))
    # no "warning:" for the 5 landslide files stored already: a feed job adds them every run
    assert proc.stderr.decode() == "tomtat: 2 new articles, 5 already stored, 1 story updated\n"
    second = _stories(proc)
    assert [len(s["documents"]) for s in second] == [2]  # only the story that changed
    listed = _stories(run("stories", "--state", str(state), "list"))
    assert [len(s["documents"]) for s in listed] == [5, 2]
    assert listed[0]["id"] == landslide_id
    stored = (state / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(stored) == 7


def test_state_recovers_articles_stored_before_a_crash(tmp_path):
    state = tmp_path / "state"
    _stories(run("stories", "--state", str(state), "add", str(_pile(tmp_path / "a"))))
    (state / "stories.npz").unlink()  # as if killed after storing articles, before the index
    listed = _stories(run("stories", "--state", str(state), "list"))
    assert sorted(len(s["documents"]) for s in listed) == [2, 5]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["stories", "add", "x"], "--state"),
        (["stories", "--state", "{state}", "remove"], "'add INPUTS...' or 'list'"),
        (["stories", "--state", "{state}", "add"], "needs articles"),
        (["stories", "{missing}"], "missing"),
    ],
)
def test_stories_errors_are_one_line(tmp_path, args, needle):
    values = {"state": str(tmp_path / "state"), "missing": str(tmp_path / "missing")}
    proc = run(*[a.format(**values) for a in args])
    assert_one_line_error(proc, needle)


def test_corrupt_state_is_a_one_line_error(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "stories.npz").write_bytes(b"not a zip")
    assert_one_line_error(run("stories", "--state", str(state), "list"), "stories.npz")
    # a real index cut short: no internal error, no advice to load pickles
    whole = tmp_path / "whole"
    _stories(run("stories", "--state", str(whole), "add", str(_pile(tmp_path / "a"))))
    (state / "stories.npz").write_bytes((whole / "stories.npz").read_bytes()[:500])
    proc = run("stories", "--state", str(state), "list")
    assert_one_line_error(proc, "stories.npz: not a readable story index")
    assert "pickle" not in proc.stderr.decode()


def test_lost_stored_articles_are_reported_not_silently_dropped(tmp_path):
    state = tmp_path / "state"
    _stories(run("stories", "--state", str(state), "add", str(_pile(tmp_path / "a"))))
    lines = (state / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (state / "articles.jsonl").write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    proc = run("stories", "--state", str(state), "list")
    assert proc.returncode == 0
    assert "1 grouped article not stored" in proc.stderr.decode()
    assert sum(len(s["documents"]) for s in _stories(proc)) == len(lines) - 1
    (state / "articles.jsonl").unlink()
    assert_one_line_error(
        run("stories", "--state", str(state), "list"), "articles.jsonl: missing or empty"
    )
    assert_one_line_error(
        run("stories", "--state", str(state), "list", str(tmp_path / "a")), "takes no inputs"
    )


def test_state_gives_a_new_id_to_another_article_reusing_a_stored_id(tmp_path):
    state = tmp_path / "state"
    _stories(run("stories", "--state", str(state), "add", str(_pile(tmp_path / "a"))))
    other = tmp_path / "other"
    other.mkdir()
    (other / "cau-1.txt").write_text(  # same file name as a stored article, another text
        "Cầu Bến Sỏi đón hơn 20.000 lượt xe trong tuần đầu thông xe\n"
        "Sau một tuần thông xe, cầu Bến Sỏi nối huyện Đông Phố và huyện Cát Hải của tỉnh Hải "
        "Lam đã đón hơn 20.000 lượt xe qua lại.",
        encoding="utf-8",
    )
    added = _stories(run("stories", "--state", str(state), "add", str(other)))
    assert "cau-1-2" in added[0]["documents"] and "cau-1" in added[0]["documents"]


def test_state_replaces_an_updated_version_of_a_stored_article(tmp_path):
    state = tmp_path / "state"
    _stories(run("stories", "--state", str(state), "add", str(_pile(tmp_path / "a"))))
    update = tmp_path / "update"
    update.mkdir()
    title, body = BRIDGE["cau-1.txt"].split("\n", 1)
    (update / "cau-1.txt").write_text(  # same file, same title: the outlet corrected a figure
        title + "\n" + body.replace("780 tỷ đồng", "810 tỷ đồng"), encoding="utf-8"
    )
    proc = run("stories", "--state", str(state), "add", str(update))
    assert "0 new articles, 1 updated article, 1 story updated" in proc.stderr.decode()
    (story,) = _stories(proc)
    assert sorted(story["documents"]) == ["cau-1", "cau-2"]  # no "cau-1-2": one article
    stored = [
        json.loads(line)
        for line in (state / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [a["id"] for a in stored].count("cau-1") == 2  # the old version kept, superseded
    assert "810 tỷ" in load_articles(state)["cau-1"].text  # the later version is read
    listed = _stories(run("stories", "--state", str(state), "list"))
    bridge = next(s for s in listed if "cau-1" in s["documents"])
    for sentence in bridge["sentences"] + bridge["timeline"]:
        if any(c["document"] == "cau-1" for c in sentence["sources"]):
            assert "780 tỷ" not in sentence["text"]  # never cited for the old figure
    assert sum(len(s["documents"]) for s in listed) == 7


def test_listing_a_missing_state_folder_is_an_error(tmp_path):
    proc = run("stories", "--state", str(tmp_path / "nope"), "list")
    assert_one_line_error(proc, "no such state folder")


def test_state_does_not_store_the_same_text_twice_under_another_name(tmp_path):
    state = tmp_path / "state"
    pile = _pile(tmp_path / "a", landslide=False)
    _stories(run("stories", "--state", str(state), "add", str(pile)))
    renamed = tmp_path / "renamed.txt"
    renamed.write_text(BRIDGE["cau-1.txt"], encoding="utf-8")
    for _ in range(2):  # re-adding the same files changes nothing either
        proc = run("stories", "--state", str(state), "add", str(renamed), str(pile))
        assert proc.returncode == 0
        err = proc.stderr.decode()
        assert err == "tomtat: 0 new articles, 3 already stored, 0 stories updated\n"
    assert len((state / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_state_survives_a_torn_last_line(tmp_path):
    state = tmp_path / "state"
    _stories(run("stories", "--state", str(state), "add", str(_pile(tmp_path / "a"))))
    with (state / "articles.jsonl").open("ab") as f:  # a crash mid-write, inside a character
        f.write('{"id": "x", "text": "Vụ cháy'.encode()[:-1])
    new = tmp_path / "new.txt"
    new.write_text(
        "Cầu Bến Sỏi đón hơn 20.000 lượt xe trong tuần đầu thông xe\n"
        "Sau một tuần thông xe, cầu Bến Sỏi nối huyện Đông Phố và huyện Cát Hải của tỉnh Hải "
        "Lam đã đón hơn 20.000 lượt xe qua lại.",
        encoding="utf-8",
    )
    proc = run("stories", "--state", str(state), "add", str(new))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "incomplete or unreadable stored article" in proc.stderr.decode()
    listed = _stories(run("stories", "--state", str(state), "list"))
    assert sorted(len(s["documents"]) for s in listed) == [3, 5]  # the new article kept


def test_state_that_is_a_file_is_a_one_line_error(tmp_path):
    state = tmp_path / "state"
    state.write_text("not a folder", encoding="utf-8")
    for args in (["add", str(_pile(tmp_path / "a"))], ["list"]):
        assert_one_line_error(run("stories", "--state", str(state), *args), "not a folder")


def test_one_shot_drops_a_repeated_article_as_add_does(tmp_path):
    pile = _pile(tmp_path / "pile")
    # a renamed copy, and an NFD copy with other spacing
    (pile / "zz-ban-sao.txt").write_text(BRIDGE["cau-1.txt"], encoding="utf-8")
    twin = unicodedata.normalize("NFD", BRIDGE["cau-2.txt"]).replace(". ", ".  ")
    (pile / "zz-ban-nfd.txt").write_text(twin, encoding="utf-8")
    proc = run("stories", str(pile))
    err = proc.stderr.decode()
    assert "same text as" in err and "(skipped)" in err
    stories = _stories(proc)
    assert [len(s["documents"]) for s in stories] == [5, 2]
    assert {"zz-ban-sao", "zz-ban-nfd"}.isdisjoint(d for s in stories for d in s["documents"])
    state = tmp_path / "state"
    added = _stories(run("stories", "--state", str(state), "add", str(pile)))
    assert sorted(map(len, (s["documents"] for s in added))) == [2, 5]


def test_a_story_that_cannot_be_summarized_is_listed_with_its_error_and_exit_1(tmp_path):
    pile = _pile(tmp_path / "pile", landslide=False)
    (pile / "ngan.txt").write_text("Tin ngắn.", encoding="utf-8")  # no usable sentence
    proc = run("stories", str(pile))
    assert proc.returncode == 1
    stories = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    every = [d for s in stories for d in s["documents"]]
    assert sorted(every) == ["cau-1", "cau-2", "ngan"]  # every article in exactly one story
    failed = next(s for s in stories if s["documents"] == ["ngan"])
    assert "no usable sentences" in failed["error"] and "ngan.txt" in failed["error"]
    assert failed["summary"] == "" and failed["sentences"] == failed["timeline"] == []
    assert [d["id"] for d in failed["sources"]] == ["ngan"]
    assert "could not be summarized" in proc.stderr.decode()
    markdown = run("stories", str(pile), "--format", "markdown").stdout.decode()
    assert "_Không tóm tắt được: story" in markdown


def test_a_bad_file_among_named_inputs_is_skipped_like_one_in_a_folder(tmp_path):
    pile = _pile(tmp_path / "pile", landslide=False)
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": "a', encoding="utf-8")
    proc = run("stories", str(pile / "cau-1.txt"), str(broken), str(pile / "cau-2.txt"))
    stories = _stories(proc)
    assert [s["documents"] for s in stories] == [["cau-1", "cau-2"]]
    assert "broken.json: line 1" in proc.stderr.decode()
    assert "(skipped)" in proc.stderr.decode()


def test_a_respaced_copy_is_no_second_outlet(tmp_path):
    pile = _pile(tmp_path / "pile", landslide=False)
    copy = BRIDGE["cau-1.txt"].replace(", ", " , ").replace(". ", " .\n")
    (tmp_path / "copy.txt").write_text(copy, encoding="utf-8")
    proc = run("stories", str(pile), str(tmp_path / "copy.txt"))
    stories = _stories(proc)
    assert [sorted(s["documents"]) for s in stories] == [["cau-1", "cau-2"]]
    assert "copy.txt: same text as" in proc.stderr.decode()


def test_what_counts_as_a_new_version_of_a_stored_article():
    from dataclasses import replace
    from datetime import datetime

    from tomtat.documents import is_new_version
    from tomtat.models import Article

    title, body = BRIDGE["cau-1.txt"].split("\n", 1)
    old = Article(text=BRIDGE["cau-1.txt"], id="cau-1")
    retitled = Article(text="Cầu Bến Sỏi chính thức khánh thành\n" + body, id="cau-1")
    other = Article(text=BRIDGE["cau-2.txt"], id="cau-1")
    # same headline, the text rewritten about the same event (a third of it kept): a version
    rewrite = Article(text=title + "\n" + BRIDGE["cau-2.txt"].split("\n", 1)[1], id="cau-1")
    assert is_new_version(old, rewrite)
    # ... but not when the two were published days apart
    dated = replace(old, published=datetime(2026, 10, 20, 9))
    assert not is_new_version(dated, replace(rewrite, published=datetime(2026, 10, 23, 9)))
    assert is_new_version(dated, replace(rewrite, published=datetime(2026, 10, 20, 15)))
    # same headline alone is not enough: nothing else in common
    unrelated = title + "\n" + GOLD["d17"].split("\n\n", 1)[1]
    assert not is_new_version(old, Article(text=unrelated, id="cau-1"))
    assert is_new_version(old, retitled)  # new headline, same text
    assert not is_new_version(old, other)  # another article under a reused file name
    with_url = Article(text=BRIDGE["cau-2.txt"], id="x", url="https://bao.example/cau")
    assert is_new_version(with_url, Article(text="Bản sửa.", id="x", url="https://bao.example/cau"))
    assert not is_new_version(
        with_url, Article(text=BRIDGE["cau-2.txt"], id="x", url="https://b/2")
    )
    assert not is_new_version(old, Article(text=BRIDGE["cau-1.txt"], id="cau-1", url="https://b/1"))


GOLD = {
    "d16": "Giá vàng hôm nay\n16/11/2026 08:00\n\nSáng nay (16/11), giá vàng miếng SJC được "
    "niêm yết ở mức 124,5 triệu đồng mỗi lượng bán ra, tăng 1,2 triệu đồng so với cuối tuần "
    "trước. Giá vàng nhẫn 9999 tăng 800.000 đồng lên 122 triệu đồng mỗi lượng.",
    "d17": "Giá vàng hôm nay\n17/11/2026 08:00\n\nSáng nay (17/11), giá vàng miếng SJC giảm "
    "mạnh 2 triệu đồng, xuống 122,5 triệu đồng mỗi lượng bán ra. Nhà đầu tư đổ xô bán ra chốt "
    "lời sau chuỗi ngày tăng nóng.",
}


def test_a_daily_column_under_one_file_name_is_no_new_version_of_yesterdays():
    from datetime import datetime

    from tomtat.documents import is_new_version
    from tomtat.models import Article

    def column(day: str, published: datetime | None) -> Article:
        return Article(text=GOLD[day], id="gia_vang", published=published)

    d16, d17 = column("d16", datetime(2026, 11, 16, 8)), column("d17", datetime(2026, 11, 17, 8))
    assert not is_new_version(d16, d17)  # same headline, another day
    # the same day, a corrected figure: a version (so is one 2 hours after midnight)
    fixed = Article(text=GOLD["d16"].replace("124,5", "124,8"), id="gia_vang")
    assert is_new_version(d16, fixed)
    late = column("d16", datetime(2026, 11, 16, 23))
    assert is_new_version(late, column("d17", datetime(2026, 11, 17, 1)))


def test_state_keeps_each_day_of_a_daily_column_saved_under_one_file_name(tmp_path):
    state = tmp_path / "state"
    for day, text in GOLD.items():
        (tmp_path / day).mkdir()
        (tmp_path / day / "gia_vang.txt").write_text(text, encoding="utf-8")
        proc = run("stories", "--state", str(state), "add", str(tmp_path / day))
        assert "1 new article," in proc.stderr.decode()
    listed = _stories(run("stories", "--state", str(state), "list"))
    assert sorted(d for s in listed for d in s["documents"]) == ["gia_vang", "gia_vang-2"]


def test_replaying_an_old_version_after_its_correction_changes_nothing(tmp_path):
    state = tmp_path / "state"
    pile = _pile(tmp_path / "a", landslide=False)
    _stories(run("stories", "--state", str(state), "add", str(pile)))
    update = tmp_path / "update"
    update.mkdir()
    (update / "cau-1.txt").write_text(
        BRIDGE["cau-1.txt"].replace("780 tỷ đồng", "810 tỷ đồng"), encoding="utf-8"
    )
    assert (
        "1 updated article"
        in run("stories", "--state", str(state), "add", str(update)).stderr.decode()
    )
    # yesterday's feed again, under its own name or another: the correction stays
    (tmp_path / "again.txt").write_text(BRIDGE["cau-1.txt"], encoding="utf-8")
    for again, stored in ((pile, 2), (tmp_path / "again.txt", 1)):
        proc = run("stories", "--state", str(state), "add", str(again))
        err = proc.stderr.decode()
        assert err == f"tomtat: 0 new articles, {stored} already stored, 0 stories updated\n"
    assert "810 tỷ" in load_articles(state)["cau-1"].text
    assert len((state / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_concurrent_adds_wait_for_each_other_and_lose_nothing(tmp_path, monkeypatch):
    import io
    import threading

    from tomtat.stories import command
    from tomtat.stories.state import StoryIndex

    state = tmp_path / "state"
    _stories(run("stories", "--state", str(state), "add", str(_pile(tmp_path / "a", bridge=False))))
    piles = [_pile(tmp_path / "b", landslide=False), tmp_path / "gold.txt"]
    piles[1].write_text(GOLD["d16"], encoding="utf-8")
    a_inside, b_waits_or_done = threading.Event(), threading.Event()
    real = command._new_articles

    def paused(*args, **kwargs):  # the first run stops between reading and saving the index
        if threading.current_thread().name == "a":
            a_inside.set()
            b_waits_or_done.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(command, "_new_articles", paused)
    said: dict[str, list[str]] = {"a": [], "b": []}

    def add(name: str, pile: Path) -> None:
        def status(message: str) -> None:
            said[name].append(message)
            if name == "b" and message.startswith("waiting"):
                b_waits_or_done.set()

        try:
            command.run_stories(["add", str(pile)], io.StringIO(), state=state, status=status)
        finally:
            if name == "b":
                b_waits_or_done.set()

    a = threading.Thread(target=add, args=("a", piles[0]), name="a")
    a.start()
    a_inside.wait()
    b = threading.Thread(target=add, args=("b", piles[1]), name="b")
    b.start()
    a.join()
    b.join()
    assert said["b"][0] == f"waiting for another run using {state}"
    assert said["a"] == ["2 new articles, 1 story updated"]
    index = StoryIndex.load(state)  # as saved: no 'list' has healed anything
    assert {"cau-1", "cau-2", "gold"} <= set(index.article_ids) and len(index) == 8
    ids = [s.id for s in index.stories()]
    assert len(ids) == len(set(ids)) == 3


def test_an_article_that_can_never_be_summarized_is_reported_once_and_not_stored(tmp_path):
    state = tmp_path / "state"
    pile = _pile(tmp_path / "a", landslide=False)
    english = pile / "wire.txt"
    english.write_text(
        "Landslide kills six on mountain pass\nA landslide buried a bus on the Lo Xo pass in "
        "central Vietnam on Monday, killing six people, officials said. Rescue workers pulled "
        "seven survivors from the wreckage and took them to hospital.",
        encoding="utf-8",
    )
    proc = run("stories", "--state", str(state), "add", str(pile))
    err = proc.stderr.decode()
    assert proc.returncode == 0 and "wire.txt: written in English" in err and "(not added)" in err
    assert "2 new articles" in err
    assert "wire" not in load_articles(state)
    listed = run("stories", "--state", str(state), "list")
    assert listed.returncode == 0 and listed.stderr.decode() == ""
    assert [s["documents"] for s in _stories(listed)] == [["cau-1", "cau-2"]]


def test_markdown_links_only_web_urls_and_keeps_them_whole(tmp_path):
    pile = tmp_path / "pile.jsonl"
    title, body = BRIDGE["cau-1.txt"].split("\n", 1)
    other = BRIDGE["cau-2.txt"].split("\n", 1)[1]
    rows = [
        {"id": "x1", "title": title, "text": body, "url": "javascript:alert(document.cookie)"},
        {"id": "x2", "title": "Cầu Bến Sỏi", "text": other, "url": "https://vtv.vn/a b>c)"},
    ]
    pile.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    proc = run("stories", str(pile), "--format", "markdown")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "<javascript:" not in out and "`javascript:alert(document.cookie)`" in out
    assert "<https://vtv.vn/a%20b%3Ec)>" in out


def test_a_unix_publication_time_is_shown_in_vietnam_time(tmp_path):
    pile = tmp_path / "pile.jsonl"
    title, body = BRIDGE["cau-1.txt"].split("\n", 1)
    row = {"id": "x1", "title": title, "text": body, "published": 1795138200}
    pile.write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    (story,) = _stories(run("stories", str(pile)))
    assert story["updated"] == "2026-11-20T08:30:00+07:00"  # 01:30 UTC
    assert story["sources"][0]["published"] == "2026-11-20T08:30:00+07:00"


def test_a_publication_time_out_of_range_is_undated_and_keeps_the_state_usable(tmp_path):
    # .NET feeds print "no date" as 0001-01-01T00:00:00+07:00: year 0 in UTC
    state = tmp_path / "state"
    article = {
        "id": "x",
        "text": "Mưa lớn kéo dài khiến nhiều tuyến phố ở Hà Nội ngập sâu, giao thông ùn tắc.",
        "published": "0001-01-01T00:00:00+07:00",
    }
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    for args in (("summarize", str(path)), ("stories", str(path))):
        proc = run(*args)
        err = proc.stderr.decode()
        assert proc.returncode == 0 and "Traceback" not in err, err
        assert "out of range (years 1800–9999) (read as undated)" in err
    assert run("stories", "--state", str(state), "add", str(_pile(tmp_path / "a"))).returncode == 0
    assert run("stories", "--state", str(state), "add", str(path)).returncode == 0
    listed = _stories(run("stories", "--state", str(state), "list"))
    undated = next(s for s in listed if s["documents"] == ["x"])
    assert undated["sources"][0]["published"] is None and undated["updated"] is None
