"""The site's boilerplate strings in English and Russian, and the widget text formats."""

from __future__ import annotations

from datetime import date

NBSP = "\xa0"

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "print": "Print",
        "translation": "Читать на русском",
        "region": "Region:",
        "type": "Type:",
        "rate": "Rate this article",
        "share": "Share this article",
        "poll": "Poll conducted",
        "short": "Short version",
        "full": "Full version",
        "related": "Related articles",
        "tags": "Tags:",
        "home": "Home",
        "search": "Search",
        "next": "Next",
        "experts": "Experts",
        "blogs": "Blogs",
        "news": "News",
        "analytics-and-comments": "Analytics and Comments",
        "analytics": "Analytics",
        "comments": "Comments",
        "interview": "Interview",
        "about": "About us",
        "all": "All publications",
    },
    "ru": {
        "print": "Распечатать",
        "translation": "Read in English",
        "region": "Регион:",
        "type": "Тип:",
        "rate": "Оценить статью",
        "share": "Поделиться статьей",
        "poll": "Опрос проведен",
        "short": "Краткая версия",
        "full": "Полная версия",
        "related": "Читайте также",
        "tags": "Теги:",
        "home": "Главная",
        "search": "Поиск",
        "next": "Следующая",
        "experts": "Эксперты",
        "blogs": "Блоги",
        "news": "Новости",
        "analytics-and-comments": "Аналитика и комментарии",
        "analytics": "Аналитика",
        "comments": "Комментарии",
        "interview": "Интервью",
        "about": "О нас",
        "all": "Все публикации",
    },
}
FOOTER = {
    "en": ("For business", "For researchers", "For students"),
    "ru": ("Бизнесу", "Исследователям", "Студентам"),
}
FOOTER_PATHS = ("business/", "researchers/", "students/")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_RU_GEN = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def format_average(average: float) -> str:
    text = f"{average:.2f}".rstrip("0").rstrip(".")
    return text


def votes_line(lang: str, votes: int, average: float | None) -> str:
    if lang == "en":
        if votes == 0 or average is None:
            return "(no votes)"
        return f"(votes: {votes}, rating: {format_average(average)})"
    if votes == 0 or average is None:
        return "(Нет голосов)"
    return f"(Голосов: {votes}, Рейтинг: {format_average(average)})"


def count_line(lang: str, votes: int) -> str:
    """The second rating line; it starts with a no-break space."""
    if lang == "en":
        return f"{NBSP}({votes} vote{'' if votes == 1 else 's'})"
    return f"{NBSP}({votes} {ru_votes_word(votes)})"


def ru_votes_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "голос"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "голоса"
    return "голосов"


def listing_date(lang: str, style: str, d: date) -> str:
    """Listing date formats seen on the site: ``02 october 2015``, ``March 4, 2021``, ``31 March 2021``."""
    if lang == "ru":
        return f"{d.day} {MONTHS_RU_GEN[d.month - 1]} {d.year}"
    if style == "lower":
        return f"{d.day:02d} {MONTHS_EN[d.month - 1].lower()} {d.year}"
    if style == "us":
        return f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}"
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
