"""The site's widgets as text: boilerplate strings EN/RU, rating and author block (polls:
:mod:`crawler.pages.polls`).

Everything here works on text lines (see :mod:`crawler.pages.lines`), so it does not depend on the
markup: the contract's strings and line shapes are the evidence. ``extract_polls`` and
``extract_rating`` accept lines, plain text, HTML text or a parsed lxml tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

from crawler.items import Author, Rating
from crawler.pages.lines import Line, page_lines, text_lines
from crawler.pages.normalise import collapse_ws, parse_average, parse_count
from crawler.urls import is_site_host


class Kind(StrEnum):
    TEXT = "text"
    PRINT = "print"
    TRANSLATION = "translation"
    META = "meta"  # Region: / Type:
    TAGS = "tags"
    RATE = "rate"  # "Rate this article"
    VOTES = "votes"  # "(votes: 6, rating: 4.5)"
    COUNT = "count"  # " (6 votes)"
    SHARE = "share"
    POLL = "poll"  # heading, question, option or result of the site poll
    FOOTER = "footer"
    RELATED = "related"
    SHORT_LABEL = "short-label"
    FULL_LABEL = "full-label"
    EXPAND = "expand"  # "Read more" between the short and the full version (a tab or toggle)
    ROLE = "role"  # "Interviewer" / "Interviewee" labels in the author block
    COMMENTS = "comments"  # "Comments (2)": reader comments follow, the article has ended


SHARE_BUTTONS = (
    "vk", "vkontakte", "вконтакте", "telegram", "телеграм", "facebook", "twitter", "livejournal",
    "одноклассники", "whatsapp", "viber", "linkedin", "reddit", "e-mail", "email", "copy link",
    "копировать ссылку",
)  # fmt: skip
TRANSLATION_LINKS = ("читать на русском", "read in english")
RELATED_HEADINGS = (
    "see also", "read also", "related", "related articles", "related materials", "more on the topic",
    "more on this topic", "см. также", "смотрите также", "читайте также", "по теме", "материалы по теме",
    "еще по теме", "ещё по теме", "most read", "most popular", "самое читаемое", "самое популярное",
)  # fmt: skip
_PHRASES: dict[Kind, tuple[str, ...]] = {
    Kind.PRINT: ("print", "распечатать", "версия для печати", "print version"),
    Kind.TRANSLATION: TRANSLATION_LINKS,
    Kind.RATE: ("rate this article", "оценить статью", "оцените статью"),
    Kind.SHARE: (
        "share this article",
        "поделиться статьей",
        "поделиться статьёй",
        "поделиться",
        "share",
        *SHARE_BUTTONS,
    ),
    Kind.POLL: ("poll conducted", "опрос проведен", "опрос проведён"),
    Kind.FOOTER: (
        "for business",
        "for researchers",
        "for students",
        "бизнесу",
        "исследователям",
        "студентам",
        "для бизнеса",
        "для исследователей",
        "для студентов",
    ),
    Kind.RELATED: RELATED_HEADINGS,
    Kind.SHORT_LABEL: ("short version", "краткая версия", "abstract", "аннотация", "summary", "кратко"),
    Kind.FULL_LABEL: ("full version", "полная версия", "full text", "полный текст", "полностью"),
    Kind.EXPAND: (
        "read more",
        "read in full",
        "read the full version",
        "read the full text",
        "show more",
        "show full text",
        "читать далее",
        "читать полностью",
        "читать полную версию",
        "показать полностью",
        "развернуть",
        "collapse",  # the toggle again at the end of an opened panel
        "show less",
        "hide text",
        "свернуть",
        "скрыть текст",
    ),
    Kind.ROLE: (
        "interviewer",
        "interviewee",
        "interviewed by",
        "интервьюер",
        "беседовал",
        "беседовала",
        "беседовали",
        "интервьюируемый",
    ),
}
_VOTES = (
    r"\(\s*(?:votes|голосов)\s*:\s*(?P<votes>\d[\d\s]*)\s*,\s*(?:rating|рейтинг)\s*:\s*(?P<avg>\d+(?:[.,]\d+)?)\s*\)"
    r"|\(\s*(?P<none>no votes|нет голосов)\s*\)"
)
_COUNT = r"\(\s*(?P<count>\d[\d\s]*?)\s*(?:votes?|голос(?:а|ов)?)\s*\)"
_PHRASE_RE = "|".join(
    f"(?P<{kind.name}>" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ")"
    for kind, phrases in _PHRASES.items()
)
_TOKEN = re.compile(rf"(?P<VOTES>{_VOTES})|(?P<COUNT>{_COUNT})|(?:{_PHRASE_RE})(?=$|[\s:|•·/,.(])", re.I)
_VOTES_RE = re.compile(_VOTES, re.I)
_COUNT_RE = re.compile(_COUNT, re.I)
# a copyright line closes the page: "© RIAC 2011-2024", "Copyright ...", "All rights reserved"
_COPYRIGHT = re.compile(r"^\W*(?:©|\(c\)\s|copyright\b)|all rights reserved|все права защищены", re.I)
FOOTER = frozenset({Kind.FOOTER})
COMMENTS = frozenset({Kind.COMMENTS})
# a comments heading: "Comments", "Comments (2)", "3 comments", "Комментарии (2)", "Отзывы читателей"
_COMMENTS_HEADING = re.compile(
    r"^(?:(?:reader\s+)?comments|комментари[ии]|комментариев|отзывы(?:\s+читателей)?)\s*(?:\(\s*\d+\s*\)|\d+)?\s*:?$"
    r"|^\d+\s+(?:comments?|комментари[йяев]+)$",
    re.I,
)
# a figure's caption or credit line: "Photo: …", "Source: …", "Фото: …", "Источник: …"
_CAPTION = re.compile(
    r"^(?:photo|photos|image|picture|illustration|credit|source|фото|фотография|изображение|иллюстрация|"
    r"источник)\s*(?:[:—–|]|by\b)\s*\S",
    re.I,
)
MAX_CAPTION_LINE_WORDS = 15
MAX_SENTENCE_CAPTION_WORDS = 8  # "Photo: Putin and Erdogan in Sochi." is a caption all the same
# a sign-up box's text: a call to subscribe together with an e-mail or newsletter word
_SUBSCRIBE = re.compile(r"subscri(?:be[ds]?|bers?|ption)\b|\bsign\s+up\b|подпи(?:с|ш)", re.I)
_MAILING = re.compile(r"e-?mail|newsletter|inbox|digest|mailing|рассылк|почт|письм|дайджест", re.I)
_UNSUBSCRIBE = re.compile(r"\bunsubscribe\b|отписаться", re.I)  # an e-mail's closing line
_NEWSLETTER_NAME = re.compile(r"newsletter|digest|рассылка|дайджест", re.I)  # "Weekly digest"
MAX_NEWSLETTER_NAME_WORDS = 5
# "5 min read", "· 5 мин чтения": a reading-time note
_READING_TIME = re.compile(r"^\W*\d+\s*(?:min(?:ute)?s?\.?\s+read|мин(?:ут[аы]?)?\.?\s+чтения)\W*$", re.I)
MAX_SIGNUP_WORDS = 30
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_FILLER = re.compile(r"^[\W_]*$")  # separators, bullets, stars: anything but letters and digits
_LABELLED = re.compile(r"^(?P<label>region|регион|type|тип|tags|теги|тэги)\s*:\s*(?P<value>.*)$", re.I)
# the option text, then its result; a badge may follow the text without a space ("proposal36 (35%)")
POLL_RESULT = re.compile(
    r"^(?:(?P<text>.*?(?:\S(?=\s)|(?:[^\W\d_]|[»”\x22')’])(?=\d)))\s*)?(?P<votes>\d[\d\s]*?)\s*\(\s*(?P<pct>\d{1,3})\s*%\s*\)$"
)
BOILERPLATE_EN = tuple(p for kind in _PHRASES for p in _PHRASES[kind] if p.isascii())
BOILERPLATE_RU = tuple(p for kind in _PHRASES for p in _PHRASES[kind] if not p.isascii())


def widget_kinds(text: str) -> frozenset[Kind] | None:
    """The widget kinds a line is made of, or None when the line is (also) ordinary text."""
    if len(text) > 160:
        return None
    if _COPYRIGHT.search(text):
        return FOOTER
    if _COMMENTS_HEADING.match(text):
        return COMMENTS
    return _widget_kinds(text)


def is_caption(text: str) -> bool:
    """A short caption or credit line (``Photo: …``, ``Source: RIA Novosti``): never a paragraph. A
    sentence opening so (``Source: the data come from…``) is one unless it is very short."""
    words = len(text.split())
    if words > MAX_CAPTION_LINE_WORDS or not _CAPTION.match(text):
        return False
    return words <= MAX_SENTENCE_CAPTION_WORDS or not is_paragraph_like(text)


def is_signup_text(text: str) -> bool:
    """A newsletter sign-up's heading or text: asks to subscribe and names the e-mail or newsletter;
    an e-mail's unsubscribe line; a newsletter's name as a short heading ("Weekly digest")."""
    words = len(text.split())
    if words > MAX_SIGNUP_WORDS:
        return False
    if (_SUBSCRIBE.search(text) and _MAILING.search(text)) or _UNSUBSCRIBE.search(text):
        return True
    return (
        words <= MAX_NEWSLETTER_NAME_WORDS
        and bool(_NEWSLETTER_NAME.search(text))
        and not is_paragraph_like(text)
    )


def is_reading_time(text: str) -> bool:
    """A reading-time note ("5 min read", "3 мин чтения")."""
    return bool(_READING_TIME.match(text))


def is_site_address(text: str) -> bool:
    """A line that is only an address on the site (a print page's footer), not a paragraph."""
    if not _BARE_URL.match(text):
        return False
    url = text if "://" in text else f"https://{text}"
    return is_site_host(urlsplit(url).hostname)


@lru_cache(maxsize=16384)
def _widget_kinds(text: str) -> frozenset[Kind] | None:
    labelled = _LABELLED.match(text)
    if labelled:
        label = labelled.group("label").casefold()
        if len(labelled.group("value")) <= 200:
            return frozenset({Kind.TAGS if label in ("tags", "теги", "тэги") else Kind.META})
    kinds: set[Kind] = set()
    position, end = 0, len(text)
    while position < end:  # tokens anchored where the last one ended; only filler between them
        match = _TOKEN.match(text, position)
        if match is None:
            if text[position].isalnum():
                return None  # ordinary text (most lines stop at their first character)
            position += 1
            continue
        name = match.lastgroup or ""
        kinds.add(Kind[name] if name in Kind.__members__ else _group_kind(match))
        position = max(match.end(), position + 1)
    return frozenset(kinds) if kinds else None


def _group_kind(match: re.Match[str]) -> Kind:
    for name in ("VOTES", "COUNT", *(k.name for k in _PHRASES)):
        if match.group(name):
            return Kind[name]
    return Kind.TEXT


def is_structural(text: str) -> bool:
    """A widget, poll-result or author-name line: such lines show a text rendering pasted into one
    element, whose single newlines then separate lines."""
    if widget_kinds(text) is not None or bool(POLL_RESULT.match(text) and len(text) < 250):
        return True
    return looks_like_name(text)


# ----- rating ----------------------------------------------------------------------------------
def extract_rating(source: bytes | str | etree._Element | Sequence[Line] | Sequence[str]) -> Rating | None:
    """The article's rating from its widget lines; None when the page shows no rating widget."""
    count: int | None = None
    for text in widget_texts(source):
        if len(text) > 160:
            continue
        match = _VOTES_RE.search(text)
        if match and widget_kinds(text):
            if match.group("none"):
                return Rating(0, None)
            votes = parse_count(match.group("votes")) or 0
            average = parse_average(match.group("avg"))
            return Rating(votes, average if votes else None)
        match = _COUNT_RE.search(text)
        if match and count is None and widget_kinds(text):
            count = parse_count(match.group("count"))
    if count is not None:
        return Rating(count, None)
    return None


# ----- author block ----------------------------------------------------------------------------
_NAME_TOKEN = re.compile(r"^(?:[A-ZА-ЯЁ][\w'’.\-]*|[A-ZА-ЯЁ]\.)$")
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "du",
        "des",
        "del",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "ван",
        "фон",
        "де",
        "ибн",
        "аль",
    ]
)
_POSITION_WORDS = re.compile(
    r"riac|рсмд|member|член|expert|эксперт|professor|профессор|director|директор|head|руковод|fellow|"
    r"сотрудник|ambassador|посол|chair|председател|editor|редактор|journalist|журналист|analyst|аналитик|"
    r"dean|декан|research|исследовател|president|президент|minister|министр|consultant|консультант|"
    r"scholar|student|студент|аспирант|ph\.?d|к\.|д\.|doctor|доктор|university|университет|institute|"
    r"институт|center|centre|центр|council|совет|deputy|заместител|senior|lecturer|преподаватель|club|клуб|"
    r"academy|академи|school|школ|foundation|фонд|mgimo|мгимо|agency|агентств|ministry|министерств|"
    r"embassy|посольств|company|компани|department|департамент|faculty|факультет|chief|главн|manager|"
    r"менеджер|coordinator|координатор|officer|secretary|секретар|advis|советник|founder|основател|"
    r"correspondent|корреспондент|observer|обозревател|columnist|colonel|полковник|general|генерал",
    re.I,
)


_PROFILE_LINK = re.compile(
    r"^(?:all (?:publications|articles|posts|materials)|(?:the )?author'?s? page|more by (?:this )?author|"
    r"profile|все (?:публикации|статьи|материалы)|страница автора|профиль|другие материалы автора)\W*$",
    re.I,
)
_ROLE_PREFIX = re.compile(
    r"^(?:interviewer|interviewee|interviewed by|интервьюер|беседовал[аи]?|автор|author)\s*[:—–-]?\s+", re.I
)


def looks_like_name(text: str) -> bool:
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or len(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    if text.endswith((":", ",", ";")) or (text.endswith(".") and not _NAME_TOKEN.match(tokens[-1])):
        return False
    return all(_NAME_TOKEN.match(t) or t.casefold() in _PARTICLES for t in tokens) and bool(
        _NAME_TOKEN.match(tokens[-1])
    )


def is_paragraph_like(text: str) -> bool:
    words = len(text.split())
    return words >= 16 or (
        words >= 6 and text.rstrip("\u00a0 ").endswith((".", "!", "?", "…", "»", "”", '"'))
    )


def parse_author_block(texts: Sequence[str], max_authors: int = 8) -> tuple[tuple[Author, ...], int]:
    """Authors (name, position) at the start of ``texts`` and how many lines they took."""
    authors: list[Author] = []
    i = 0
    while i < len(texts) and len(authors) < max_authors:
        if widget_kinds(texts[i]) == {Kind.ROLE} or (authors and _PROFILE_LINK.match(texts[i])):
            i += 1  # a role label, or an author card's link to the author's page
            continue
        name = _ROLE_PREFIX.sub("", texts[i], count=1)
        if not looks_like_name(name) or widget_kinds(texts[i]) is not None:
            break  # text, or a widget's label ("Short version Full version" tabs)
        position: str | None = None
        nxt = texts[i + 1] if i + 1 < len(texts) else None
        if nxt is not None and _is_position(nxt, texts[i + 2] if i + 2 < len(texts) else None):
            position = nxt
        authors.append(Author(name, position))
        i += 2 if position is not None else 1
    return tuple(authors), i


MAX_POSITION_WORDS = 30


def _is_position(text: str, after: str | None) -> bool:
    if len(text) > 300 or widget_kinds(text) is not None:
        return False
    titled = bool(_POSITION_WORDS.search(text))
    if is_paragraph_like(text) and not (titled and len(text.split()) <= MAX_POSITION_WORDS):
        return False
    if looks_like_name(text) and not titled:
        # A second name right after the first: the first author shows no position.
        return after is None or is_paragraph_like(after)
    return True


# ----- helpers ---------------------------------------------------------------------------------
def widget_texts(
    source: bytes | str | etree._Element | Sequence[Line] | Sequence[str] | Iterable[str],
) -> list[str]:
    if isinstance(source, bytes):
        from crawler.pages.decode import decode_html

        source = decode_html(source)
    if isinstance(source, str):
        if "<" in source and ">" in source:
            from crawler.pages.parse import parse_html

            return [line.text for line in page_lines(parse_html(source), is_structural)]
        return [line.text for line in text_lines(source)]
    if isinstance(source, etree._Element):
        return [line.text for line in page_lines(source, is_structural)]
    out = []
    for item in source:
        out.append(item.text if isinstance(item, Line) else collapse_ws(str(item)))
    return [t for t in out if t]
