"""Remove what is not article content: photo captions and credits, bylines, source lines,
outlet tags, read-more and related-article lists, share/comment bars, empty brackets.

Works on normalized (and, for segmented input, desegmented) text in which paragraphs are
lines. Two layouts occur:

* paragraphs (raw HTML-extracted text): a caption is its own paragraph ending with a credit
  (``... năm 2019. Ảnh: Reuters``), read-more lines are their own paragraphs;
* one line per article (VN-MDS bodies, segmented seeds): the caption is a sentence followed by
  the credit, glued to the next sentence (``... hôm 13/9. Ảnh: KCNA Tổng thống ...``), even
  fused with its first word by the segmenter (``Ảnh: KCNA_Mỹ cho biết``).

The same sentence-level rules handle both: a credit removes itself and the caption sentence
before it; the credit's extent is found from known agencies or from the run of capitalized
words after it. Every removal is recorded so tests and debugging can see what went.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tomtat.normalization.captions import glued_caption_end, has_dateline, is_bare_caption
from tomtat.normalization.desegment import JOINER
from tomtat.normalization.titles import _THRESHOLD, find_glued_boundary
from tomtat.segmentation.sentences import split_sentences

__all__ = ["Remover", "is_boilerplate_sentence"]

_SP = r"[\x20\u2009]"  # a space inside a line, joiner spaces included (no literal " ")
_W = r"[^\W_]"  # letter or digit


def _spaced(pattern: str) -> str:
    """Let the literal spaces of a word pattern also match joiner spaces ("TIN_LIÊN_QUAN")."""
    return pattern.replace(" ", _SP)


# Upper-case Latin letters incl. Vietnamese (a range such as À-Ỹ would include lower case).
_UP = "".join(c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper())
_CAP = f"[{_UP}]"

# News agencies, photo services and outlets that appear in credits, sources and tags.
# News agencies, photo services and outlets that appear in credits, sources and tags ("_"
# stands for a space).
_AGENCY_NAMES = [
    "Reuters",
    "AFP",
    "AP",
    "KCNA",
    "TTXVN",
    "VNA",
    "Xinhua",
    "Yonhap",
    "EPA",
    "Getty_Images",
    "Getty",
    "Sputnik",
    "TASS",
    "ITAR-TASS",
    "RIA_Novosti",
    "RIA",
    "Interfax",
    "CNN",
    "BBC",
    "Internet",
    "NYT",
    "New_York_Times",
    "Washington_Post",
    "Bloomberg",
    "WSJ",
    "The_Guardian",
    "Guardian",
    "Telegraph",
    "Daily_Mail",
    "DailyMail",
    "Kyodo",
    "NHK",
    "CCTV",
    "SCMP",
    "Al_Jazeera",
    "Shutterstock",
    "Wikipedia",
    "Facebook",
    "FB",
    "Twitter",
    "Instagram",
    "YouTube",
    "NASA",
    "VOV",
    "VOV.VN",
    "VTV",
    "VTC_News",
    "VTC",
    "TTO",
    "TNO",
    "TPO",
    "NLĐO",
    "PLO",
    "SGGP",
    "SGGPO",
    "VnExpress",
    "Vietnamnet",
    "VietNamNet",
    "Zing",
    "Zing_News",
    "Dân_trí",
    "Dân_Việt",
    "Tuổi_Trẻ",
    "Thanh_Niên",
    "Lao_Động",
    "Tiền_Phong",
    "Người_Lao_Động",
    "Vietnam+",
    "VnMedia",
    "Infonet",
    "Kiến_Thức",
    "Tri_Thức",
    "GDVN",
    "GD&TĐ",
    "CAND",
    "QĐND",
    "ANTĐ",
    "NDĐT",
    "HNM",
    "KTĐT",
    "Nhân_Dân",
    "Đất_Việt",
    "Soha",
    "Kenh14",
    "Kinhtedothi",
    "ĐSPL",
    "PLVN",
    "Báo_Mới",
    "PV",
    "P.V",
    "BTC",
    "CTV",
    "Xzone",
]
_AGENCY = (
    "(?:"
    + "|".join(
        re.escape(name).replace("_", f"{_SP}")
        for name in sorted(_AGENCY_NAMES, key=len, reverse=True)
    )
    + ")"
)
_AGENCY_RE = re.compile(rf"{_AGENCY}(?:{_SP}?[/\-–]{_SP}?{_AGENCY})*(?!{_W})", re.IGNORECASE)

# Credit markers. Longer alternatives first: the regex engine takes the first that matches.
_PHOTO_WORDS = _spaced(
    r"(?:Ảnh (?:minh họa|minh hoạ|tư liệu|chụp màn hình|trái|phải|trên|dưới|nhỏ|lớn|đồ họa"
    r"|nguồn|internet)|Hình ảnh|Hình minh họa|Nguồn ảnh|Đồ họa|Đồ hoạ|Ảnh|ẢNH|Hình|HÌNH)"
)
_BYLINE_WORDS = _spaced(
    r"(?:Tin,? ảnh|Tin và ảnh|Tin - ảnh|Bài và ảnh|Bài,? ảnh|Ảnh,? clip|Ảnh và clip"
    r"|Thực hiện)"
)
_MARK = re.compile(
    rf"(?:(?P<given>(?:Ảnh|ảnh)(?:{_SP}do|{_SP}*:)?(?:{_SP}[^\s().]+){{1,4}}{_SP}cung{_SP}cấp)"
    rf"|(?P<byline>{_BYLINE_WORDS})|(?P<photo>{_PHOTO_WORDS})|(?<=[(\u2009 ])(?P<lower>ảnh)"
    rf"|(?P<source>Nguồn|NGUỒN)(?={_SP}*:))"
    rf"{_SP}*(?P<colon>:)?"
)
# Every credit marker starts with one of these words: a plain alternation scans ~20x faster
# than _MARK, which is then tried only where one occurs.
_MARK_HINT = re.compile("Ảnh|ảnh|ẢNH|Hình|HÌNH|Nguồn|NGUỒN|Tin|Bài|Thực|Clip|Video|Đồ")
# What may precede a credit: "(" or a dash, each with spaces.
_PRE = re.compile(rf"(?:\(|[-–—]){_SP}*$")
# Without a colon only these stand alone as credits ("Ảnh minh họa", "(Ảnh tư liệu)").
_STANDALONE = re.compile(
    _spaced(r"Ảnh (?:minh họa|minh hoạ|tư liệu|internet|chụp màn hình)|Hình minh họa")
)
# "Ảnh/Hình minh họa" (either tone placement): a stock illustration, which has no caption.
_ILLUSTRATION = "minh h"
# Words that open a sentence: a credit's name run stops before them ("Lan Hương | Cô Lê").
_BREAKERS = frozenset(
    [
        "ông",
        "bà",
        "cô",
        "chú",
        "chị",
        "em",
        "theo",
        "trong",
        "tại",
        "sau",
        "khi",
        "trước",
        "ngày",
        "hôm",
        "lúc",
        "với",
        "từ",
        "đến",
        "hiện",
        "đây",
        "đó",
        "các",
        "những",
        "một",
        "nhiều",
        "người",
        "họ",
        "tôi",
        "chúng",
        "như",
        "ở",
        "vào",
        "nhưng",
        "tuy",
        "do",
        "vì",
        "nếu",
        "để",
        "mới",
        "cùng",
        "đúng",
        "thông",
        "liên",
        "sự",
        "việc",
        "điều",
        "phút",
        "hiệp",
        "tuy",
    ]
)
_CONNECTORS = ("-", "/", "&", "–")
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”")
_DOMAIN = re.compile(r"[\w.-]+\.(?:com|vn|net|org|tv|co)(?:\.vn)?\.?", re.IGNORECASE)
_TOKEN = re.compile(rf"[^ {JOINER}\n]+")
_INITIALS = re.compile(rf"(?:{_CAP}\.)+\w*\.?")


def _words(text: str) -> int:
    return len(re.findall(rf"{_W}+", text))


def _credit_like(token: str) -> bool:
    core = token.rstrip(".,")
    return bool(core) and (
        core[0].isupper() or bool(_DOMAIN.fullmatch(core)) or core in _CONNECTORS
    )


def _credit_end(line: str, pos: int) -> int:
    """End of the credit text starting at ``line[pos]`` (after ``Ảnh:``).

    Known agencies end the credit at once ("KCNA" in "KCNA Tổng thống"); otherwise the credit
    is the run of capitalized words, minus a last word that starts the next sentence
    ("Trương Hải Tùng | Trước khi ...") and stopping at sentence-opening words ("Lan Hương |
    Cô Lê ..."). A short lower-case remainder of the line is all credit ("Ảnh: FB nhân vật").
    """
    while pos < len(line) and line[pos] in " " + JOINER:
        pos += 1
    m = _AGENCY_RE.match(line, pos)
    if m:
        end = m.end()
        while more := _SLASHED.match(line, end):
            end = more.end()  # "SCMP/Weibo": another source after the slash
        return _with_short_rest(line, _after_credit(line, end))
    tokens: list[re.Match[str]] = []
    for tm in _TOKEN.finditer(line, pos):
        tok = tm.group()
        core = tok.rstrip(".,")
        if len(tokens) >= 5 or not _credit_like(tok):
            break
        if tokens and core.lower() in _BREAKERS:
            break
        prev = tokens[-1].group() if tokens else ""
        if prev and prev not in _CONNECTORS and core.isupper() and not prev.isupper():
            break  # "Nguyễn Loan | UBND TP HCM đã ...": an acronym after a name starts anew
        tokens.append(tm)
        if tok.endswith((".", ",")):
            break  # "Ảnh: Kỳ Lân." ends with the sentence
    while tokens and tokens[-1].group() in _CONNECTORS:
        tokens.pop()
    if not tokens:
        rest = line[pos:]
        if _words(rest) <= 5 and not re.search(r"[.!?] ", rest):
            return len(line)
        return pos
    last = tokens[-1]
    nxt = _TOKEN.match(line, last.end() + 1) if last.end() + 1 < len(line) else None
    if (
        len(tokens) >= 2
        and nxt is not None
        and (nxt.group()[:1].islower() or nxt.group()[:1].isdigit())
        and not last.group().isupper()
        and not last.group().endswith(".")
    ):
        tokens.pop()  # "Trương Hải Tùng Trước | khi": the last capital starts the sentence
    return _after_credit(line, tokens[-1].end())


def _with_short_rest(line: str, end: int) -> int:
    """Take a short lower-case remainder of the line into the credit: "FB | nhân vật"."""
    rest = line[end:].strip(" " + JOINER)
    if rest and rest[0].islower() and _words(rest) <= 3 and not re.search(r"[.!?]", rest[:-1]):
        return len(line)
    return end


_SLASHED = re.compile(r"/[^\W_][\w.-]*")
_BARE_TLD = re.compile(rf"{_SP}?(?:org|com|net|vn)\b\.?")


def _after_credit(line: str, end: int) -> int:
    if line[end : end + 1] == ".":
        end += 1
        tld = _BARE_TLD.match(line, end)  # "Imemc. org": a domain the source split
        if tld:
            end = tld.end()
    if line[end : end + 1] == ")":
        end += 1
    return end


def _paren_end(line: str, pos: int) -> int:
    close = line.find(")", pos, pos + 120)
    return close + 1 if close >= 0 else _credit_end(line, pos)


def _with_upper(*phrases: str, ahead: str = "") -> str:
    # every alternative opens with a literal letter, so the regex engine can skip ahead to
    # the possible first letters instead of trying the whole alternation at every position
    return "|".join(f"{p}{ahead}|{p.upper()}{ahead}" for p in phrases)


# Headings of related-article boxes. The first group never opens a content sentence; the
# second may ("Tin mới nhất từ hiện trường cho biết ...", "Bài viết liên quan đến ..."), so it
# counts only before a colon or alone on its line.
_LIST_HEADINGS = _with_upper(
    "Tin cùng chuyên mục", "Bài cùng chuyên mục", "Tin bài cùng chuyên mục"
)
_LIST_HEADINGS_ALONE = _with_upper(
    "Bài viết liên quan",
    "Tin tức liên quan",
    "Có thể bạn quan tâm",
    "Bạn có thể quan tâm",
    "Có thể bạn chưa đọc",
    "Video đang được xem nhiều",
    "Video được xem nhiều",
    "Tin mới nhất",
    "Tin mới",
    "Tin khác",
    "Các tin khác",
    "Tin nổi bật",
    "Tin đọc nhiều",
    "Tin xem nhiều",
    "Đọc nhiều nhất",
    "Đọc nhiều",
    "Xem nhiều nhất",
    "Xem nhiều",
    "Đọc tiếp",
    ahead=r"(?=\s*(?::|$))",
)
_MEDIA_HEADINGS = _with_upper("Video", "Clip", ahead=r"(?=\s*:)")
_READ_MORE_WORDS = _spaced(
    r"(?:>>|»|TIN LIÊN QUAN|Tin liên quan|TIN BÀI LIÊN QUAN|Tin bài liên quan|BÀI LIÊN QUAN"
    r"|Bài liên quan"
    r"|XEM THÊM|Xem thêm|ĐỌC THÊM|Đọc thêm|Xem tiếp|Xem video|Xem clip|Dòng sự kiện"
    rf"|{_LIST_HEADINGS}"
    r"|Mời (?:quý )?(?:độc giả|bạn đọc|quý vị|các bạn) (?:xem|theo dõi|đón đọc|đón xem|đọc)"
    rf"|{_LIST_HEADINGS_ALONE}"
    rf"|{_MEDIA_HEADINGS})(?!\w)"
)
# A related-article box in paragraph layout: the heading alone on its line, then one
# headline per line, often bulleted.
_HEADING_ONLY = re.compile(rf"(?:{_READ_MORE_WORDS})[\s:»>]*")
_BULLET = re.compile(r"[-–—•·*+►▶▸>»]+\s*(?=\w)")
_MAX_LIST = 12  # headlines
_QUOTE_CHARS = "\"'“”‘’"
_READ_MORE = re.compile(_READ_MORE_WORDS)
_LINK_SOURCE = re.compile(rf"(?:Nguồn{_SP}*:{_SP}*)?\[{_SP}*Link nguồn{_SP}*\]", re.I)
_EMPTY_BRACKETS = re.compile(rf"\({_SP}*\)|\[{_SP}*\]|\{{{_SP}*\}}|“{_SP}*”")
_VOV_END = re.compile(rf"{_SP}*\.{_SP}?/{_SP}?\.{_SP}*")  # "./." closes VOV/TTXVN articles

# Outlet tags and datelines opening an article: "(TNO)", "(GDVN) -", "(Dân trí) -", "TTO -",
# "VOV.VN -", "Baoquocte.vn -", "HÀ NỘI -", "TP.HCM -", "Hà Nội (TTXVN) -". A place alone is a
# dateline only for the cities datelines name most: "VIỆT NAM - Thái Lan: …" opens a sentence.
_TAG_PAREN = re.compile(rf"^\({_SP}*([^()\n]{{1,40}}?){_SP}*\){_SP}*([-–—:]?){_SP}*")
_DATELINE_CITY = _spaced(
    r"(?:HÀ NỘI|TP\.? ?HCM|TPHCM|TP\.? ?HỒ CHÍ MINH|ĐÀ NẴNG|HẢI PHÒNG|CẦN THƠ|HUẾ)"
)
_TAG_PLAIN = re.compile(
    rf"^(?:{_AGENCY}|[{_UP}0-9&]{{2,10}}\.(?:VN|vn|NET|net)|[{_UP}]{{2,10}} (?:Online|News)"
    rf"|[{_UP}][\w-]{{1,30}}\.(?:com\.vn|vn|com|net)|{_DATELINE_CITY}"
    rf"|{_CAP}\w*(?:{_SP}{_CAP}\w*){{0,3}}{_SP}*\({_SP}*{_AGENCY}{_SP}*\))"
    rf"{_SP}*[-–—]{_SP}*(?=\w)"
)

# Bylines and sources (a whole sentence): "Vũ Anh (Theo Interfax, Reuters)", "Theo VnExpress",
# "(Theo Tuổi Trẻ)", "Kiệt Linh - (tổng hợp)", "Thu Linh/VOV online", "NGUYỆT PHƯƠNG", "PV".
_NAME_TOKEN = rf"(?:{_CAP}[\w'’.&+-]*|(?:{_CAP}\.)+\w*|[\w.-]+\.(?:com|vn|net|org)(?:\.vn)?)"
_NAME = rf"{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN}){{0,4}}"
_SOURCE_INNER = _spaced(
    rf"(?:(?:[Tt]heo|THEO|[Nn]guồn)(?:{_SP}*:)?|[Tt]ổng hợp|TỔNG HỢP"
    r"|[Bb]iên dịch|[Ll]ược dịch|[Dd]ịch)"
    rf"(?:{_SP}*(?:báo|hãng tin|hãng|trang|tờ|tạp chí|kênh|đài)?{_SP}*"
    rf"(?:{_NAME}|{_AGENCY})(?:{_SP}*[,/&-]{_SP}*(?:{_NAME}|{_AGENCY}))*)?"
)
_STRONG = re.compile(
    rf"^(?:{_READ_MORE_WORDS}|Nguồn{_SP}*:|\[?Link nguồn|{_BYLINE_WORDS}{_SP}*:"
    rf"|{_PHOTO_WORDS}{_SP}*:|\({_SP}*(?:Ảnh|ảnh|{_PHOTO_WORDS}){_SP}*:)"
)
_CAPTION_END = re.compile(
    rf"(?:\(?(?:{_PHOTO_WORDS}|ảnh){_SP}*:[^()\n]{{1,60}}\)?\.?"
    rf"|\(?(?:{_STANDALONE.pattern})\)?\.?)$"
)
_OUTLET_ONLY = re.compile(rf"\(?{_SP}*{_AGENCY}{_SP}*\)?{_SP}*[-–]?", re.IGNORECASE)


_INLINE_BYLINE = re.compile(
    rf"(?:(?<=[.!?…\"”] )|^)(?:{_NAME}{_SP}*)?\({_SP}*(?:[Tt]heo|[Nn]guồn:?){_SP}[^()\n]{{1,60}}\)"
    rf"(?={_SP}*{_CAP})"
)
_INLINE_HINT = re.compile(rf"\({_SP}*(?:[Tt]heo|[Nn]guồn)")
_TAIL_SOURCE = re.compile(
    rf"{_SP}*[-–]?{_SP}*(?:\({_SP}*{_SOURCE_INNER}{_SP}*\)"
    rf"|\({_SP}*{_NAME}(?:{_SP}*/{_SP}*{_NAME})*{_SP}*\)|{_SOURCE_INNER})\.?$"
)


# Share/comment bars and tag lines: "Chia sẻ Facebook | Bình luận (12)", "Tags: ...",
# "Theo dõi Dân trí trên Google News". Only a sentence made of nothing else is one.
_WIDGET = _spaced(
    r"(?:Chia sẻ(?: bài viết| bài| lên| qua)?|Share|Facebook|Zalo|Twitter|Tweet|X|Email|E-mail"
    r"|Gửi email|Gửi bài|Gửi|In bài|In trang|In|Lưu bài|Lưu tin|Lưu|Thích|Like"
    r"|(?:Xem|Viết|Gửi)? ?bình luận|Ý kiến|Copy link|Sao chép(?: liên kết| link)?|Link"
    r"|Báo lỗi|Quay lại|Về trang chủ|Lên đầu trang|Nghe(?: bài)?(?: này)?|Print|Góp ý"
    r"|Bookmark)"
    r"(?: ?\(? ?\d+ ?\)?)?"
)
_WIDGET_SEP = r"[\s|·•/,:\-–—]*"
_WIDGET_BAR = re.compile(rf"{_WIDGET_SEP}(?:{_WIDGET}(?!\w){_WIDGET_SEP})+", re.IGNORECASE)
_TAG_LINE = re.compile(
    _spaced(
        r"(?:Tags?|TAGS?|Từ khóa|Từ khoá|TỪ KHÓA|TỪ KHOÁ)\s*:"
        r"|Theo dõi .{1,40}? (?:trên|tại|qua) (?:Google News|Facebook|Zalo|YouTube|TikTok)"
        r"[.!]?$"
    )
)


# "HL Email Print Góp ý": the author's initials before the bar
_INITIALS_BEFORE = re.compile(rf"{_CAP}{{1,4}}{_SP}+(?={_CAP})")


def _is_widgets(s: str) -> bool:
    """A share/comment bar or a tag line, not a sentence that mentions Facebook."""
    if len(s) > 200:
        return False
    if _TAG_LINE.match(s) or _WIDGET_BAR.fullmatch(s):
        return True
    initials = _INITIALS_BEFORE.match(s)
    return initials is not None and bool(_WIDGET_BAR.fullmatch(s, initials.end()))


# Copyright, reprint and reader-contact footers: whole sentences, never news.
_FOOTER = re.compile(
    _spaced(
        r"(?:©|\(c\)|Copyright|Bản quyền (?:thuộc|©|\d)"
        r"|(?:Ghi|Ghi rõ|Trích) nguồn .{0,40}(?:phát hành lại|sử dụng lại|đăng lại)"
        r"|(?:Cấm|Nghiêm cấm|Không được) (?:sao chép|sử dụng lại|đăng lại)"
        r"|(?:Hotline|Đường dây nóng|Email|E-mail|Điện thoại|ĐT|Fax) ?:"
        r"|Liên hệ (?:đường dây nóng|hotline|email|e-mail|điện thoại|tòa soạn|toà soạn)"
        r"[^.!?]{0,20}:"
        r"|(?:Quý |Mời )?(?:[Đđ]ộc giả|[Bb]ạn đọc|quý vị)[^.!?]{0,60}?"
        r"(?:gửi|liên hệ|phản ánh|cung cấp)[^.!?]{0,80}?"
        r"(?:email|e-mail|@|đường dây nóng|hotline|tòa soạn|toà soạn|chuyên mục|số điện thoại"
        r"|địa chỉ))"
    ),
    re.IGNORECASE,
)


_SOURCE_HINT = re.compile("[Tt]heo|THEO|[Nn]guồn|[Tt]ổng hợp|TỔNG HỢP|[Dd]ịch")


def _is_name_only(s: str) -> bool:
    """One to five capitalized words (or initials) and nothing else: "Vũ Anh", "B.M."."""
    tokens = s.replace(JOINER, " ").split()
    if not 1 <= len(tokens) <= 5:
        return False
    if len(tokens) == 1:
        t = tokens[0]
        return (t.isupper() and sum(c.isalpha() for c in t) >= 2) or bool(
            re.fullmatch(rf"(?:{_CAP}\.)+\w*\.?", t)
        )
    return all(re.fullmatch(rf"{_NAME_TOKEN}|[-–/&]", t) for t in tokens)


def _is_byline(s: str) -> bool:
    """Whether the whole of ``s`` is an author/source line.

    A source part at the end ("(Theo Interfax, Reuters)", "Theo AP", "(tổng hợp)") may follow
    an author written as names or initials, or as "name/outlet" ("Hồng Nhung/VOV - Trung tâm
    Tin").
    """
    s = s.strip()
    if not s or len(s) > 150:
        return False
    rest, source = s, False
    m = _TAIL_SOURCE.search(s) if s.endswith(")") or _SOURCE_HINT.search(s) else None
    if m:
        rest, source = s[: m.start()].strip(), True
    rest = rest.rstrip(". ")
    if not rest:
        return source
    if _is_name_only(rest) or (source and re.fullmatch(rf"{_NAME_TOKEN}", rest)):
        return True
    return bool(re.fullmatch(rf"{_NAME}{_SP}*/{_SP}*[^.!?]{{1,50}}", rest)) and _words(rest) <= 9


@lru_cache(maxsize=4096)  # normalization and document building both ask about each sentence
def is_boilerplate_sentence(sentence: str) -> bool:
    """Whether ``sentence`` (normalized text) is a caption, credit, byline, source or read-more.

    Conservative: ``Theo Reuters, ông Kim ...`` mentions a source inside a real sentence and is
    content; a byline must be the whole sentence.
    """
    s = sentence.strip().replace(JOINER, " ")
    if not s or not re.search(r"[^\W\d_]", s):
        return True  # punctuation or numbers only: "./.", "***", "( )"
    if _STRONG.match(s) or _CAPTION_END.search(s, max(0, len(s) - 90)) or _is_widgets(s):
        return True
    bullet = _BULLET.match(s)
    if bullet and _STRONG.match(s[bullet.end() :]):  # "* Tin bài liên quan:"
        return True
    if len(s) < 250 and _FOOTER.match(s):
        return True
    if len(s) < 40 and _OUTLET_ONLY.fullmatch(s):
        return True
    if s.startswith("(") and s.endswith(")") and _words(s) <= 8:
        return True  # an editorial note in brackets: "(Zing đặt lại tiêu đề bài viết)"
    return _is_byline(s)


def _starts_unit(line: str, pos: int) -> bool:
    """Whether ``pos`` begins the line or follows the end of a sentence."""
    before = line[:pos].rstrip(" " + JOINER + "-–—(")
    return not before or before[-1] in '.!?…:"”)'


def _is_outlet(tag: str) -> bool:
    tag = tag.strip()
    return bool(_AGENCY_RE.fullmatch(tag)) or (tag.isupper() and len(tag) <= 12)


_TRAILING_SOURCE = re.compile(
    rf"{_SP}(?:\({_SP}*{_SOURCE_INNER}{_SP}*\)|(?:Theo|Nguồn:?){_SP}(?:{_NAME}|{_AGENCY}))\.?$"
)


def _trailing_source(sentence: str) -> int | None:
    """Offset of a source glued after the end of the last sentence: "... tháng 9. (Theo AP)"."""
    m = _TRAILING_SOURCE.search(sentence)
    if m and sentence[: m.start()].rstrip().endswith(_SENTENCE_ENDS):
        return m.start()
    return None


_JOINER_BY_SPACE = re.compile(f"(?<= ){JOINER}+|{JOINER}+(?= )")
_SPACES = re.compile(" {2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,.;:!?)](?:\s|$))")


def _tidy(line: str) -> str:
    """Spacing after a cut: no doubled spaces, no joiner beside a space, no space before , ."""
    if JOINER in line:
        line = _JOINER_BY_SPACE.sub("", line)
    if "  " in line:
        line = _SPACES.sub(" ", line)
    line = _SPACE_BEFORE_PUNCT.sub("", line)
    return line.strip(" " + JOINER)


class Remover:
    """Applies the removal rules to the lines of a text and records what went."""

    def __init__(self, text: str, *, segmented: bool) -> None:
        self.lines = text.split("\n")
        self.segmented = segmented
        self.removed: list[str] = []

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines if line)

    def _cut(self, i: int, spans: list[tuple[int, int]]) -> None:
        """Delete ``spans`` (start, end) from line ``i``, keeping words apart."""
        line = self.lines[i]
        for start, end in sorted(spans, reverse=True):
            if end <= start:
                continue
            piece = line[start:end].replace(JOINER, " ").strip()
            if piece:
                self.removed.append(piece)
            line = line[:start] + " " + line[end:]
        line = _tidy(line)
        # "(Ảnh: TTXVN)." cut leaves its ".": a line of nothing but punctuation goes too
        self.lines[i] = line if any(c.isalnum() for c in line) else ""

    def _drop_line(self, i: int) -> None:
        self._cut(i, [(0, len(self.lines[i]))])

    def _last_line(self) -> int | None:
        for i in range(len(self.lines) - 1, -1, -1):
            if self.lines[i]:
                return i
        return None

    # -- rules, in the order article.py applies them ------------------------------------------

    def empty_brackets(self) -> None:
        """``( )``, ``[ ]`` left by the source; ``./.`` (end marker) becomes a plain period."""
        for i, line in enumerate(self.lines):
            if "/." in line or "/ ." in line:
                line = _VOV_END.sub(". ", line)
            spans = [m.span() for m in _EMPTY_BRACKETS.finditer(line)]
            self.lines[i] = line
            if spans:
                self._cut(i, spans)
            else:
                self.lines[i] = _tidy(line)

    def source_links(self) -> None:
        """``Nguồn: [Link nguồn]`` (also repeated and glued) and short ``Nguồn: X`` lines."""
        for i, line in enumerate(self.lines):
            if "[" in line:
                spans = [m.span() for m in _LINK_SOURCE.finditer(line)]
                if spans:
                    self._cut(i, spans)
            line = self.lines[i]
            if re.match(rf"\(?{_SP}*Nguồn{_SP}*:", line) and _words(line) <= 15:
                self._drop_line(i)

    def captions(self) -> None:
        """Photo credits with the caption sentence they close; author credits alone."""
        multi = sum(1 for line in self.lines if line) > 1
        for i in range(len(self.lines)):
            pos: int | None = 0
            for _ in range(50):  # one credit per pass; stop when none is left
                pos = self._caption_once(i, pos, multi=multi)
                if pos is None:
                    break

    def _caption_once(self, i: int, pos: int, *, multi: bool) -> int | None:
        """Remove the first credit at or after ``pos``; return where to look next, or None."""
        line = self.lines[i]
        for hint in _MARK_HINT.finditer(line, pos):
            m = _MARK.match(line, hint.start())
            if m is None:
                continue
            if m.start() and re.match(_W, line[m.start() - 1]):
                continue  # inside a word
            p = _PRE.search(line, max(0, m.start() - 4), m.start())
            pre = p.group() if p else ""
            in_paren = pre.startswith("(")
            if m.group("lower") and not in_paren:
                continue  # lower-case "ảnh:" only inside brackets: "(ảnh: BBC)"
            photo = m.group("photo") or m.group("lower") or m.group("given")
            source = m.group("source")
            start = p.start() if p else m.start()
            if in_paren:
                close = line.find(")", m.end(), m.end() + 300)
                if close >= 0 and _words(line[m.end() : close]) > 6:
                    # a described photo "(Ảnh: Ông X từng ...)": the brackets hold the caption
                    self._cut(i, [(start, close + 1)])
                    return max(0, start - 5)
            if m.group("given"):
                end = _paren_end(line, m.end()) if in_paren else _after_credit(line, m.end())
            elif not m.group("colon"):
                if not (m.group("photo") and _STANDALONE.fullmatch(m.group("photo"))):
                    continue
                end = _paren_end(line, m.end()) if in_paren else _after_credit(line, m.end())
            elif m.group("byline") and not in_paren and not _starts_unit(line, m.start()):
                continue  # "Video:" inside a sentence is content
            elif source and not in_paren:
                if not (pre or _starts_unit(line, m.start())):
                    continue
                end = self._source_end(line, m.end())
            else:
                end = _paren_end(line, m.end()) if in_paren else _credit_end(line, m.end())
            if line[end : end + 1] == JOINER:
                end += 1  # a fused credit ("KCNA_Mỹ"): the joiner goes with the credit
            opens_line = not line[:start].strip(" " + JOINER)
            if m.group("colon") and opens_line and _words(line) <= 8:
                end = len(line)  # "Thực hiện: Nhóm PV Kinh tế" alone: the line is the credit
            if photo or source:
                # a bare "Ảnh minh họa" often follows a content sentence, a credit a caption
                standalone = not (m.group("colon") or m.group("given"))
                limit = 30 if source else 20 if standalone else 50
                # a stock illustration on its own line has no caption paragraph above it
                graphic = m.group().startswith(("Đồ", "ĐỒ"))  # a chart's, not a photo's
                if photo and opens_line and _ILLUSTRATION not in m.group().lower() and not graphic:
                    self._previous_caption(i)  # the credit opens the line
                start = self._caption_start(line, start, end, multi=multi, limit=limit)
            self._cut(i, [(start, end)])
            return max(0, start - 5)  # text before the cut is unchanged
        return None

    def _source_end(self, line: str, pos: int) -> int:
        """End of ``Nguồn: X`` (a chart or data source), often lower-case and unbounded."""
        m = _AGENCY_RE.match(line, pos + 1 if line[pos : pos + 1] == " " else pos)
        if m:
            return _after_credit(line, m.end())
        cut = find_glued_boundary(
            line,
            pos,
            min(len(line), pos + 300),
            segmented=self.segmented,
            min_score=2,
            min_prefix=1,
            max_prefix=15,
        )
        if cut is not None:
            return cut
        if _words(line[pos:]) <= 12:
            return len(line)
        return _credit_end(line, pos)

    def _caption_start(
        self, line: str, mark: int, end: int, *, multi: bool, limit: int = 50
    ) -> int:
        """Where the caption closed by a credit at ``line[mark:end]`` starts."""
        spans = split_sentences(line)
        idx = next((k for k, (a, b) in enumerate(spans) if a <= mark < b), None)
        if idx is None:
            return mark
        a = spans[idx][0]
        at_end = not line[end:].strip(" " + JOINER)
        if line[a:mark].strip(" -–—(" + JOINER):
            cap_start, cap_end = a, mark  # "caption - Ảnh: X" inside one sentence
        elif idx > 0:
            cap_start, cap_end = spans[idx - 1]  # "caption. Ảnh: X"
            if at_end and not multi and len(spans) > 2:
                return mark  # a credit closing a one-line article: its caption is unknown
        else:
            return mark
        if multi and at_end and _words(line[:mark]) <= 50 and idx <= 3:
            return 0  # a caption paragraph: all of it goes
        if _words(line[cap_start:cap_end]) > limit:
            return mark  # too long for a caption: keep the text, drop the credit only
        return cap_start

    def _previous_caption(self, i: int) -> None:
        """A credit opening a line closes the previous line if that is one short sentence
        (one sentence per line in segmented corpora: "Caption .\nẢnh : AFP Body ...")."""
        j = next((k for k in range(i - 1, -1, -1) if self.lines[k]), None)
        if j is None:
            return
        prev = self.lines[j]
        if _words(prev) > 20 and prev.rstrip(" " + JOINER).endswith(_SENTENCE_ENDS):
            return  # a finished long sentence is content; a long caption has no final stop
        if len(split_sentences(prev)) == 1 and _words(prev) <= 30 and self._body_besides(i, j):
            self._drop_line(j)

    def _body_besides(self, i: int, j: int) -> bool:
        """Whether text other than line ``j``, the credit line ``i`` and a title line is left:
        a lone paragraph above a credit is the article itself, not a caption."""
        first = _first_nonempty(self.lines)
        rest = [k for k, line in enumerate(self.lines) if line and k not in (i, j, first)]
        return bool(rest) or _words(self.lines[i]) > 12

    def bare_captions(self) -> None:
        """Uncredited caption paragraphs (:func:`is_bare_caption`), in paragraph layout only:
        where every sentence is its own line, a short sentence line says nothing about photos.
        The first paragraph (the lead) and list items are kept."""
        kept = [k for k, line in enumerate(self.lines) if line]
        if self.segmented or len(kept) < 3:
            return
        if not any(len(split_sentences(self.lines[k])) > 1 for k in kept):
            return
        for n, k in enumerate(kept[1:], 1):
            line = self.lines[k]
            if (
                is_bare_caption(line)
                and len(split_sentences(line)) == 1
                and not self._listed(kept[:n])
            ):
                self._drop_line(k)

    def _listed(self, before: list[int]) -> bool:
        """Whether a short paragraph after the lines ``before`` is an item of a list: the
        run of short paragraphs above it follows an introduction ending with a colon."""
        for k in reversed(before):
            line = self.lines[k]
            if not line:
                continue  # dropped as a caption just now
            if line.rstrip(" " + JOINER).endswith(":"):
                return True
            if _words(line) > _LIST_ITEM_WORDS:
                return False
        return False

    def glued_captions(self) -> None:
        """A caption or heading glued to the dateline of the next sentence (lost line
        break): "Hiện trường vụ tai nạn Sáng 12/3, một xe tải ..." (:func:`glued_caption_end`)."""
        for i, line in enumerate(self.lines):
            if line and has_dateline(line):
                cuts = []
                for a, b in split_sentences(line):
                    end = glued_caption_end(line[a:b])
                    if end is not None:
                        cuts.append((a, a + end))
                if cuts:
                    self._cut(i, cuts)

    def inline_bylines(self) -> None:
        """A byline between two sentences: "... năm 2013. Cẩm Mai (Theo BBC) Ông Quý ..."."""
        for i, line in enumerate(self.lines):
            if not _INLINE_HINT.search(line):
                continue
            spans = [m.span() for m in _INLINE_BYLINE.finditer(line)]
            if spans:
                self._cut(i, spans)

    def read_more(self) -> None:
        """Related-article lists and "Xem thêm" lines; in one-line text delimit the list."""
        for i in range(len(self.lines)):
            for _ in range(20):
                if not self._read_more_once(i):
                    break

    def _read_more_once(self, i: int) -> bool:
        line = self.lines[i]
        for m in _READ_MORE.finditer(line):
            word = m.group()
            anywhere = word.isupper() or (
                word in (">>", "Xem thêm")
                and (word == ">>" or line[m.end() : m.end() + 2].lstrip()[:1] in (":", "»"))
            )
            if m.start() and not anywhere and not _starts_unit(line, m.start()):
                continue
            if word == "»" and not line[: m.start()].rstrip().lower().endswith("thêm"):
                continue
            words = _words(line)
            several = sum(1 for other in self.lines if other) > 1
            if m.start() == 0 and (
                words <= 40 or (several and self._last_line() == i and words <= 120)
            ):
                self._drop_line(i)
                self._headlines_after(i, bare=_HEADING_ONLY.fullmatch(line) is not None)
                return True
            start = m.start()
            end = self._read_more_end(line, start, is_list=word.isupper() or word in (">>", "»"))
            if end is None:
                continue
            # an unpunctuated caption or headline right before the list goes with it
            before = line[:start]
            spans = split_sentences(before)
            if (
                spans
                and spans[-1][1] == len(before.rstrip())
                and before.rstrip()[-1:] not in ('.!?…"”')
                and _words(before[spans[-1][0] :]) <= 25
            ):
                start = spans[-1][0]
            self._cut(i, [(start, end)])
            if end == len(line):  # the heading ends its paragraph: the list follows
                self._headlines_after(i, bare=_HEADING_ONLY.fullmatch(line, m.start()) is not None)
            return True
        return False

    def _headlines_after(self, i: int, *, bare: bool) -> None:
        """Drop the headlines listed in the paragraphs after a read-more heading on line
        ``i``: bulleted ones, and after a bare heading ("Tin liên quan:") unbulleted ones too.
        The list ends at the first paragraph that is a sentence."""
        dropped = 0
        for j in range(i + 1, len(self.lines)):
            line = self.lines[j]
            if not line:
                continue
            # the headlines of a list that ends the article may be run into one line
            run_on = bare and j == self._last_line()
            if dropped >= _MAX_LIST or not _is_headline(
                line, bulleted_only=not bare, run_on=run_on
            ):
                return
            self._drop_line(j)
            dropped += 1

    def _read_more_end(self, line: str, start: int, *, is_list: bool) -> int | None:
        """End of a related-article list starting at ``line[start]`` in one-line text."""
        # The list runs at most to the end of the first sentence ending with "." (headlines
        # end with "?" or "!" if anything) or to the end of the line.
        sent_end = len(line)
        for _, b in split_sentences(line):
            if b > start + 2 and line[b - 1] in '.…"”':
                sent_end = b
                break
        if not line[sent_end:].strip():
            return len(line)
        last_mark = start
        for m in re.finditer(r">>|»", line[start:sent_end]):
            last_mark = start + m.start()
        cut = find_glued_boundary(
            line,
            last_mark,
            sent_end,
            segmented=self.segmented,
            min_score=_THRESHOLD,
            last=True,
            min_prefix=3,
            max_prefix=120 if is_list else 80,
            across_punctuation=is_list,
        )
        if cut is not None:
            return cut
        # no clear start of the body: the list swallows the first body sentence rather than
        # leaving headlines glued to it
        return sent_end if _words(line[start:sent_end]) <= (100 if is_list else 40) else None

    def leading_tags(self) -> None:
        """Outlet tags and section labels opening the article: "(TNO)", "TTO -"."""
        i = next((k for k, line in enumerate(self.lines) if line), None)
        if i is None:
            return
        for _ in range(3):
            line = self.lines[i]
            m = _TAG_PAREN.match(line)
            if m and (m.group(2) or _is_outlet(m.group(1))) and _words(m.group(1)) <= 5:
                self._cut(i, [(0, m.end())])
                continue
            m = _TAG_PLAIN.match(line)
            if m:
                self._cut(i, [(0, m.end())])
                continue
            return

    def trailing(self) -> None:
        """Bylines, sources and read-more lines at the end of the article, repeatedly."""
        for _ in range(8):
            idx = self._last_line()
            if idx is None:
                return
            line = self.lines[idx]
            spans = split_sentences(line)
            if not spans:
                self._drop_line(idx)
                continue
            a, b = spans[-1]
            if is_boilerplate_sentence(line[a:b]):
                self._cut(idx, [(a, len(line))])
                continue
            tail = _trailing_source(line[a:b])
            if tail is None:
                return
            self._cut(idx, [(a + tail, len(line))])

    def sentences(self) -> None:
        """Drop remaining sentences that :func:`is_boilerplate_sentence` flags."""
        for i, line in enumerate(self.lines):
            if line:
                cuts = [
                    s for s in split_sentences(line) if is_boilerplate_sentence(line[slice(*s)])
                ]
                if cuts:
                    self._cut(i, cuts)


_HEADLINE_MAX = 35  # words
_LIST_ITEM_WORDS = 25


def _is_headline(line: str, *, bulleted_only: bool, run_on: bool = False) -> bool:
    """A related article's headline on its own line: short, one sentence, no final period;
    ``run_on``: several headlines in one line, none ending with a period."""
    bullet = _BULLET.match(line)
    if bulleted_only and not bullet:
        return False
    text = line[bullet.end() :] if bullet else line
    core = text.rstrip(" " + JOINER + _QUOTE_CHARS)
    if not core or core[-1] in ".:;,…" or _words(text) > (120 if run_on else _HEADLINE_MAX):
        return False
    if run_on:
        return not re.search(r"[.…][\s\"”]", text)
    return len(split_sentences(text)) <= 1


def _first_nonempty(lines: list[str]) -> int | None:
    return next((k for k, line in enumerate(lines) if line), None)
