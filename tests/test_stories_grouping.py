"""Tests for grouping articles into stories: tomtat.stories and tomtat.evaluation.bcubed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.evaluation.bcubed import bcubed
from tomtat.models import Article
from tomtat.stories import StoryIndex, group_articles
from tomtat.stories import state as state_module
from tomtat.stories.features import article_counts, unit_vectors
from tomtat.stories.linkage import average_link, candidate_pairs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
VNMDS = SHARED / "data" / "vnmds"

DAY = datetime(2023, 9, 13, 8, 0)

# Three fictional stories told by different outlets, and one article alone.
FLOOD = [
    (
        "Lũ quét ở tỉnh Hà Lâm làm 12 người chết",
        "Trận lũ quét đêm 12/9 tại huyện Sơn Khê, tỉnh Hà Lâm đã làm 12 người chết và 5 người "
        "mất tích. Lực lượng cứu hộ tỉnh Hà Lâm đang tìm kiếm người mất tích dọc suối Nậm Khê. "
        "Hơn 300 ngôi nhà ở Sơn Khê bị ngập sâu, nhiều tuyến đường bị chia cắt.",
    ),
    (
        "Hà Lâm: Tìm thấy thêm nạn nhân lũ quét ở Sơn Khê",
        "Chủ tịch UBND tỉnh Hà Lâm cho biết lũ quét ở huyện Sơn Khê đã làm 12 người chết. "
        "Lực lượng cứu hộ tiếp tục tìm kiếm 5 người mất tích dọc suối Nậm Khê, trong khi hơn "
        "300 hộ dân Sơn Khê được sơ tán khỏi vùng ngập.",
    ),
    (
        "Sơn Khê tan hoang sau lũ quét",
        "Sau trận lũ quét đêm 12/9, huyện Sơn Khê của tỉnh Hà Lâm ngổn ngang bùn đất. "
        "Suối Nậm Khê dâng cao cuốn trôi nhà cửa; 12 người chết, 5 người mất tích, hơn 300 "
        "ngôi nhà bị ngập. Cứu hộ Hà Lâm đang khắc phục đường bị chia cắt.",
    ),
]
CAR = [
    (
        "Tập đoàn Sao Mai ra mắt ô tô điện SM-9",
        "Tập đoàn Sao Mai hôm qua giới thiệu mẫu ô tô điện SM-9 với giá bán 850 triệu đồng. "
        "Xe SM-9 có pin 72 kWh, đi được 450 km mỗi lần sạc. Sao Mai dự kiến giao xe từ tháng "
        "12 tại nhà máy Đông Phong.",
    ),
    (
        "Ô tô điện SM-9 của Sao Mai giá 850 triệu đồng",
        "Mẫu ô tô điện SM-9 do Tập đoàn Sao Mai sản xuất tại nhà máy Đông Phong có giá 850 "
        "triệu đồng. Pin 72 kWh giúp xe chạy 450 km mỗi lần sạc; khách hàng nhận xe từ tháng 12.",
    ),
    (
        "Sao Mai đặt mục tiêu bán 10.000 xe SM-9",
        "Lãnh đạo Sao Mai cho biết tập đoàn muốn bán 10.000 ô tô điện SM-9 trong năm đầu. "
        "Nhà máy Đông Phong sẽ lắp ráp xe SM-9 giá 850 triệu đồng, pin 72 kWh, chạy 450 km.",
    ),
]
FOOTBALL = [
    (
        "Bình Minh vô địch cúp quốc gia",
        "Câu lạc bộ Bình Minh thắng Đông Hải 3-1 trong trận chung kết cúp quốc gia trên sân "
        "Thống Nhất. Tiền đạo Lê Văn Tài lập cú đúp giúp Bình Minh lần đầu vô địch.",
    ),
    (
        "Lê Văn Tài tỏa sáng, Bình Minh đoạt cúp",
        "Lê Văn Tài ghi hai bàn giúp câu lạc bộ Bình Minh đánh bại Đông Hải 3-1 ở chung kết "
        "cúp quốc gia. Sân Thống Nhất chật kín khán giả cổ vũ Bình Minh.",
    ),
    (
        "Đông Hải lỡ hẹn với chức vô địch",
        "Thua Bình Minh 3-1 tại chung kết cúp quốc gia trên sân Thống Nhất, Đông Hải lỡ cơ hội "
        "vô địch. Huấn luyện viên Đông Hải khen Lê Văn Tài chơi xuất sắc.",
    ),
]
ALONE = (
    "Lễ hội ẩm thực phố cổ Lâm An",
    "Lễ hội ẩm thực phố cổ Lâm An mở cửa với 80 gian hàng bánh truyền thống, thu hút đông "
    "du khách trong ngày khai mạc.",
)


def _articles(items: list[tuple[str, str]], prefix: str, when: datetime = DAY) -> list[Article]:
    return [
        Article(text=body, id=f"{prefix}{i}", title=title, published=when + timedelta(hours=i))
        for i, (title, body) in enumerate(items)
    ]


def _pile() -> tuple[list[Article], list[str]]:
    articles = (
        _articles(FLOOD, "flood")
        + _articles(CAR, "car")
        + _articles(FOOTBALL, "ball")
        + _articles([ALONE], "alone")
    )
    order = list(range(len(articles)))
    random.Random(7).shuffle(order)
    shuffled = [articles[i] for i in order]
    return shuffled, [a.id.rstrip("0123456789") for a in shuffled]


def _as_sets(groups: list[list[int]], articles: list[Article]) -> set[frozenset[str]]:
    return {frozenset(articles[i].id for i in g) for g in groups}


# --- bcubed -------------------------------------------------------------------------------


def test_bcubed_perfect_and_hand_computed():
    assert bcubed([[0, 1], [2]], ["a", "a", "b"]) == (1.0, 1.0, 1.0)
    # one group of everything: precision per item 2/3, 2/3, 1/3; recall 1
    p, r, f = bcubed([[0, 1, 2]], ["a", "a", "b"])
    assert p == pytest.approx(5 / 9) and r == 1.0
    assert f == pytest.approx(2 * (5 / 9) / (5 / 9 + 1))
    # all alone: precision 1; recall per item 1/2, 1/2, 1
    p, r, f = bcubed([[0], [1], [2]], ["a", "a", "b"])
    assert p == 1.0 and r == pytest.approx(2 / 3)
    assert f == pytest.approx(0.8)
    # groups {0,1,2} {3,4}, gold a a b b b: P = (2/3+2/3+1/3+1+1)/5, R = (1+1+1/3+2/3+2/3)/5
    p, r, _ = bcubed([[0, 1, 2], [3, 4]], ["a", "a", "b", "b", "b"])
    assert p == pytest.approx(11 / 15) and r == pytest.approx(11 / 15)


def test_bcubed_rejects_a_grouping_that_is_not_a_partition():
    with pytest.raises(ValueError):
        bcubed([[0, 1], [1]], ["a", "a"])
    with pytest.raises(ValueError):
        bcubed([[0]], ["a", "b"])


# --- one-shot grouping --------------------------------------------------------------------


def test_distinct_fictional_stories_are_grouped():
    articles, labels = _pile()
    groups = group_articles(articles)
    assert _as_sets(groups, articles) == {
        frozenset({"flood0", "flood1", "flood2"}),
        frozenset({"car0", "car1", "car2"}),
        frozenset({"ball0", "ball1", "ball2"}),
        frozenset({"alone0"}),
    }
    assert [len(g) for g in groups] == [3, 3, 3, 1]
    assert bcubed(groups, labels) == (1.0, 1.0, 1.0)


def test_a_lone_article_is_a_group_of_one_and_nothing_gives_nothing():
    assert group_articles([Article(text=ALONE[1], title=ALONE[0])]) == [[0]]
    assert group_articles([Article(text="")]) == [[0]]
    assert group_articles([]) == []


def test_same_topic_a_month_apart_is_two_stories():
    # the same flood story retold: one story when published together...
    first = _articles(FLOOD[:2], "sep", DAY)
    again = _articles(FLOOD[2:], "oct", DAY + timedelta(hours=5))
    assert len(group_articles(first + again)) == 1
    # ...two stories when the third report comes 35 days later (a new flood, same place)
    later = _articles(FLOOD[2:], "oct", DAY + timedelta(days=35))
    assert _as_sets(group_articles(first + later), first + later) == {
        frozenset({"sep0", "sep1"}),
        frozenset({"oct0"}),
    }
    # an unknown time never separates
    undated = [Article(text=a.text, id=a.id, title=a.title) for a in later]
    assert len(group_articles(first + undated)) == 1


_SYLLABLES = ["lũ", "quét", "Hà", "Lâm", "xe", "điện", "bóng", "đá", "của", "và", "12", "2023"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(_SYLLABLES), max_size=40),
            st.one_of(st.none(), st.lists(st.sampled_from(_SYLLABLES), max_size=6)),
            st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
        ),
        max_size=25,
    )
)
def test_every_index_is_in_exactly_one_group(items):
    articles = [
        Article(
            text=" ".join(words),
            title=" ".join(title) if title is not None else None,
            published=DAY + timedelta(days=day) if day is not None else None,
        )
        for words, title, day in items
    ]
    groups = group_articles(articles)
    assert sorted(i for g in groups for i in g) == list(range(len(articles)))
    assert all(groups)
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)


def test_average_link_matches_the_textbook_definition():
    """Group means give the exact average-link similarity, so with every pair a candidate the
    result equals scipy's average linkage cut at the same level."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    articles, _ = _pile()
    articles += _articles([(t, b + " Hà Lâm Sao Mai") for t, b in FOOTBALL], "mix")
    x = unit_vectors(article_counts(articles))
    n = x.shape[0]
    every = np.triu_indices(n, 1)
    days = np.full(n, np.nan)
    for level in (0.05, 0.1, 0.2, 0.3):
        ours = average_link(x, every, days, threshold=level)
        sims = np.clip((x @ x.T).toarray(), 0, 1)
        tree = linkage(squareform(1 - sims, checks=False), "average")
        theirs = fcluster(tree, 1 - level, "distance")
        assert bcubed(_groups(ours), list(theirs))[2] == 1.0


def _groups(labels: np.ndarray) -> list[list[int]]:
    out: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        out.setdefault(label, []).append(i)
    return list(out.values())


def test_candidates_are_the_nearest_articles():
    articles, _ = _pile()
    x = unit_vectors(article_counts(articles))
    sources, targets = candidate_pairs(x, np.full(len(articles), np.nan), k=2)
    assert not np.any(sources == targets)
    for s, t in zip(sources.tolist(), targets.tolist(), strict=True):
        # an article's nearest candidates belong to its own story
        assert articles[s].id.rstrip("0123456789") == articles[t].id.rstrip("0123456789")


# --- incremental index --------------------------------------------------------------------


def test_incremental_add_equals_one_shot():
    articles, _ = _pile()
    one_shot = _as_sets(group_articles(articles), articles)
    index = StoryIndex()
    for start in range(0, len(articles), 3):
        index.add(articles[start : start + 3])
    assert {frozenset(s.articles) for s in index.stories()} == one_shot
    assert len(index) == len(articles)


def test_story_ids_are_stable_and_new_articles_join_old_stories():
    index = StoryIndex()
    first = index.add(_articles(FLOOD[:2], "flood") + _articles(CAR[:1], "car"))
    assert first[0] == first[1] != first[2]
    later = index.add(_articles(CAR[1:], "late-car") + _articles(FLOOD[2:], "late-flood"))
    assert later == [first[2], first[2], first[0]]
    # adding an article the index already holds changes nothing
    assert index.add(_articles(FLOOD[:1], "flood")) == [first[0]]
    assert len(index) == 6
    stories = index.stories()
    assert [len(s.articles) for s in stories] == [3, 3]
    assert {s.id for s in stories} == {first[0], first[2]}
    flood = next(s for s in stories if s.id == first[0])
    assert flood.title in {t for t, _ in FLOOD}
    assert flood.start == DAY.replace(tzinfo=flood.start.tzinfo)
    assert flood.to_dict()["documents"] == ["flood0", "flood1", "late-flood0"]


def test_update_replaces_a_stored_version_and_keeps_its_story(tmp_path):
    from dataclasses import replace

    index = StoryIndex()
    first = index.add(_articles(FLOOD, "flood") + _articles(CAR, "car"))
    old = _articles(FLOOD[:1], "flood")[0]
    corrected = replace(
        old,
        title="Lũ quét ở tỉnh Hà Lâm làm 14 người chết",
        text=old.text.replace("12 người chết", "14 người chết"),
        published=DAY + timedelta(hours=5),
    )
    assert index.update([corrected]) == [first[0]]
    assert len(index) == len(first)  # replaced, not added
    flood = next(s for s in index.stories() if s.id == first[0])
    assert flood.articles == ("flood0", "flood1", "flood2")
    assert flood.end == (DAY + timedelta(hours=5)).replace(tzinfo=flood.end.tzinfo)
    # the new signature is the one stored: a round trip and the next add agree with it
    index.save(tmp_path)
    loaded = StoryIndex.load(tmp_path)
    assert loaded.stories() == index.stories()
    stored = loaded._counts[0]  # the row itself is the point
    assert (stored != article_counts([corrected])).nnz == 0
    assert (stored != article_counts([old])).nnz > 0
    assert index.update([]) == []
    with pytest.raises(KeyError):
        index.update(_articles(CAR[:1], "never-added"))


def test_save_load_round_trip(tmp_path):
    articles, _ = _pile()
    index = StoryIndex()
    ids = index.add(articles[:6])
    path = index.save(tmp_path / "state")
    assert path.name == "stories.npz"
    loaded = StoryIndex.load(tmp_path / "state")
    assert loaded.stories() == index.stories()
    assert loaded.add(articles[:6]) == ids
    # both continue the same way
    assert loaded.add(articles[6:]) == index.add(articles[6:])
    assert StoryIndex.load(tmp_path / "nothing-yet").stories() == []


def test_a_failed_save_keeps_the_old_state(tmp_path, monkeypatch):
    articles, _ = _pile()
    index = StoryIndex()
    index.add(articles[:4])
    index.save(tmp_path)
    before = (tmp_path / "stories.npz").read_bytes()
    index.add(articles[4:])

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(state_module.os, "replace", crash)
    with pytest.raises(OSError):
        index.save(tmp_path)
    assert (tmp_path / "stories.npz").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["stories.npz"]  # no temporary left
    assert len(StoryIndex.load(tmp_path)) == 4


def test_loading_a_broken_state_is_an_error(tmp_path):
    (tmp_path / "stories.npz").write_bytes(b"not an npz file")
    with pytest.raises(ValueError, match="not a readable story index"):
        StoryIndex.load(tmp_path)


# --- shared data --------------------------------------------------------------------------


@pytest.mark.skipif(not VNMDS.is_dir(), reason="shared VN-MDS data not available")
def test_vnmds_pool_bcubed():
    from tomtat.evaluation.datasets import load_vnmds

    articles, labels = [], []
    for cluster in load_vnmds(VNMDS):
        articles += cluster.articles
        labels += [cluster.id] * len(cluster.articles)
    order = list(range(len(articles)))
    random.Random(0).shuffle(order)
    articles = [articles[i] for i in order]
    labels = [labels[i] for i in order]
    precision, recall, f1 = bcubed(group_articles(articles), labels)
    # 0.953 measured; most of the rest is VN-MDS giving one story several clusters (the Laos
    # plane crash, the Sir Alex memoir, ...), see docs/stories.md
    assert f1 >= 0.95, (precision, recall, f1)


def test_times_at_the_ends_of_datetime_are_undated_for_grouping() -> None:
    from datetime import timezone

    text = "Mưa lớn kéo dài khiến nhiều tuyến phố ở Hà Nội ngập sâu, giao thông ùn tắc."
    first = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=7)))
    last = datetime(9999, 12, 31, 20, tzinfo=timezone(timedelta(hours=-5)))
    early = Article(text=text, id="a", published=first)
    late = Article(text=text + " Nước rút chậm.", id="b", published=last)
    index = StoryIndex()
    assert index.add([early, late]) == ["s1", "s1"]
    (story,) = index.stories()
    assert story.start is None and story.end is None
