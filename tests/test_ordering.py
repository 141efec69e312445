"""Reading order of a story's articles: publication time, else the news day the text states."""

from __future__ import annotations

from datetime import UTC, datetime

from tomtat.documents import build_documents
from tomtat.models import Article, Budget, Document
from tomtat.ordering.chronological import document_rank, reading_rank, reading_times
from tomtat.summarizers import get_summarizer


def doc(text: str, published: datetime | None = None) -> Document:
    return Document(id=text[:8], text=text, published=published)


def test_undated_articles_stand_at_the_day_they_mention_most():
    docs = [
        doc("Hôm 13/9, ông Kim tới Vladivostok. Hôm 13/9 hai bên hội đàm. Hôm 12/9 tàu tới."),
        doc("Hôm 4/9, báo Mỹ đưa tin ông Kim sắp thăm Nga."),
        doc("Ngày 14/9, Mỹ lên tiếng. Hội nghị ngày 13/9 kéo dài 4 giờ. Ngày 14/9 Nga đáp lại."),
    ]
    assert [t.day for t in reading_times(docs)] == [13, 4, 14]
    assert reading_rank(docs) == [1, 0, 2]


def test_a_deadline_told_once_does_not_move_an_article_to_it():
    text = (
        "Đêm 14/11 sạt lở vùi 7 nhà. Sáng 15/11 cứu hộ tới. "
        "Chiều 15/11 tỉnh họp, yêu cầu báo cáo trước ngày 20/11."
    )
    assert reading_times([doc(text)])[0] == datetime(2000, 11, 15, 12)


def test_a_tie_goes_to_the_later_day():
    assert reading_times([doc("Đêm 14/11 mưa lớn. Sáng 15/11 nước rút.")])[0].day == 15


def test_days_without_a_year_take_the_story_year():
    dated = doc("Bài có giờ đăng.", datetime(2026, 11, 16, 7, 15))
    undated = doc("Đêm 14/11, sạt lở ở Khe Lau.")
    assert reading_times([dated, undated]) == [
        datetime(2026, 11, 16, 7, 15),
        datetime(2026, 11, 14, 12),
    ]
    stated = doc("Ngày 15/11/2026 tỉnh họp khẩn.")
    assert reading_times([undated, stated])[0] == datetime(2026, 11, 14, 12)


def test_relative_days_do_not_date_an_undated_article():
    # "hôm qua" resolved against another article's time would only echo that time back
    dated = doc("Bão đổ bộ.", datetime(2026, 11, 14, 8))
    assert reading_times([dated, doc("Hôm qua bão đổ bộ vào Lâm Hà.")]) == [dated.published, None]


def test_articles_with_no_time_and_no_day_keep_the_given_order_after_the_others():
    docs = [doc("Không có ngày nào ở đây."), doc("Hôm 4/9 có tin."), doc("Cũng không có ngày.")]
    assert reading_rank(docs) == [1, 0, 2]


def test_aware_and_naive_times_compare_in_vietnam_time():
    utc = doc("A", datetime(2026, 11, 14, 20, tzinfo=UTC))  # 03:00 on 15/11 in Hà Nội
    local = doc("B", datetime(2026, 11, 15, 1))
    assert reading_rank([utc, local]) == [1, 0]
    assert reading_times([utc])[0] == datetime(2026, 11, 15, 3)


def test_the_rankers_document_rank_ignores_news_days():
    # the shipped model was trained with undated articles in the given order
    docs = [doc("Hôm 13/9 hội đàm."), doc("Hôm 4/9 có tin.")]
    assert document_rank(docs) == [0, 1]
    assert reading_rank(docs) == [1, 0]


def test_a_summary_of_undated_files_tells_the_story_in_date_order():
    later = Article(
        id="sau",
        text=(
            "Ngày 13/9, Điện Kremlin nói hai nhà lãnh đạo không ký thỏa thuận nào trong chuyến "
            "thăm. Người phát ngôn cho biết cuộc hội đàm ngày 13/9 kéo dài bốn giờ tại sân bay "
            "vũ trụ Vostochny."
        ),
    )
    earlier = Article(
        id="truoc",
        text=(
            "Hôm 4/9, truyền thông Mỹ đưa tin nhà lãnh đạo Triều Tiên sắp thăm Nga và gặp Tổng "
            "thống Putin. Chuyến thăm được cho là sẽ diễn ra tại thành phố Vladivostok."
        ),
    )
    documents, _ = build_documents([later, earlier])
    summary = get_summarizer("lead")(documents, Budget(60))
    texts = [s.text for s in summary.sentences]
    assert texts[0].startswith("Hôm 4/9") and any(t.startswith("Ngày 13/9") for t in texts)
    assert [d.id for d in summary.documents] == ["sau", "truoc"]  # sources keep their numbers
