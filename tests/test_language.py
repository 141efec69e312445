"""Articles not in Vietnamese are skipped with a warning, never summarized or cited."""

import pytest

from test_cli import EXAMPLE, run
from tomtat import build_documents
from tomtat.models import Article
from tomtat.normalization.language import foreign_language

ENGLISH = (
    "The provincial government said on Monday that the landslide had destroyed seven houses "
    "and that rescue teams were still searching for two people who are missing. Officials "
    "from the disaster agency told reporters that heavy rain would continue for the rest of "
    "the week, and that residents of the valley should move to the shelters that have been "
    "opened in the district town. The road to the village was closed by the police."
)
VIETNAMESE = (
    "Chính quyền tỉnh cho biết vụ sạt lở đã vùi lấp bảy ngôi nhà và lực lượng cứu hộ vẫn "
    "đang tìm kiếm hai người mất tích. Đại diện cơ quan phòng chống thiên tai nói với phóng "
    "viên rằng mưa lớn sẽ còn kéo dài đến cuối tuần, người dân trong thung lũng cần di chuyển "
    "tới các điểm tránh trú đã được mở tại thị trấn. Con đường vào bản đã bị công an phong tỏa."
)
# the same text typed without tone marks: still Vietnamese, still read
UNMARKED = (
    "Chinh quyen tinh cho biet vu sat lo da vui lap bay ngoi nha va luc luong cuu ho van "
    "dang tim kiem hai nguoi mat tich. Dai dien co quan phong chong thien tai noi voi phong "
    "vien rang mua lon se con keo dai den cuoi tuan, nguoi dan trong thung lung can di chuyen "
    "toi cac diem tranh tru da duoc mo tai thi tran. Con duong vao ban da bi cong an phong toa."
)
CHINESE = "省政府周一表示，山体滑坡摧毁了七座房屋，救援队仍在搜寻两名失踪人员。" * 3


def test_english_and_non_latin_texts_are_named():
    assert foreign_language(ENGLISH) == "English"
    assert foreign_language(CHINESE) == "a non-Latin script"


def test_a_short_english_news_item_is_named_too():
    text = (
        "North Korea's leader met the Russian president at the cosmodrome on Wednesday, "
        "the Kremlin said. The two leaders discussed military cooperation."
    )
    assert foreign_language(text) == "English"


SHORT_UNMARKED = "Tong thong noi rang chinh quyen se tiep tuc ho tro nguoi dan trong cuoc chien."
SHORT_QUOTING = 'Ca sĩ nói: "I love you all, thank you for coming to the show tonight and see you".'


@pytest.mark.parametrize(
    "text",
    [VIETNAMESE, UNMARKED, SHORT_UNMARKED, SHORT_QUOTING, "The talks were over.", ""],
)
def test_vietnamese_unmarked_and_too_short_texts_are_read(text):
    assert foreign_language(text) is None


def test_a_vietnamese_article_quoting_english_is_still_vietnamese():
    text = f'{VIETNAMESE} Reuters dẫn lời ông: "{ENGLISH[:200]}". {VIETNAMESE}'
    assert foreign_language(text) is None


def test_build_documents_skips_a_foreign_article_and_says_why():
    documents, warnings = build_documents(
        [Article(VIETNAMESE, id="vi", origin="vi.txt"), Article(ENGLISH, id="en", origin="en.txt")]
    )
    assert [d.id for d in documents] == ["vi"]
    assert warnings == [
        "en.txt: written in English, not Vietnamese; tomtat summarizes Vietnamese news only "
        "(skipped)"
    ]


def test_cli_summarizes_the_rest_of_a_folder_and_refuses_english_alone(tmp_path):
    (tmp_path / "tin.txt").write_bytes((EXAMPLE / "01-tin-nhanh.txt").read_bytes())
    (tmp_path / "wire.txt").write_text(ENGLISH, encoding="utf-8")
    proc = run("summarize", str(tmp_path))
    assert proc.returncode == 0
    assert "wire.txt: written in English" in proc.stderr.decode()
    assert "landslide" not in proc.stdout.decode()
    alone = run("summarize", str(tmp_path / "wire.txt"))
    assert alone.returncode == 2
    assert "wire.txt: written in English" in alone.stderr.decode()
