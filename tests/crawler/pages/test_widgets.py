"""Rating, poll and author block read from text lines, EN and RU."""

from __future__ import annotations

import pytest

from crawler.items import Author, Poll, PollOption, Rating
from crawler.pages.polls import extract_polls
from crawler.pages.widgets import Kind, extract_rating, parse_author_block, widget_kinds

NB = "\u00a0"


@pytest.mark.parametrize(
    ("lines", "rating"),
    [
        (["Rate this article", "(votes: 6, rating: 4.5)", f"{NB}(6 votes)"], Rating(6, 4.5)),
        (["Rate this article", "(votes: 1, rating: 5)", f"{NB}(1 vote)"], Rating(1, 5.0)),
        (["Rate this article", "(no votes)", f"{NB}(0 votes)"], Rating(0, None)),
        (["Оценить статью", "(Голосов: 28, Рейтинг: 4.79)", f"{NB}(28 голосов)"], Rating(28, 4.79)),
        (["Оценить статью", "(Голосов: 1, Рейтинг: 3)", f"{NB}(1 голос)"], Rating(1, 3.0)),
        (["Оценить статью", "(Голосов: 4, Рейтинг: 4.25)", f"{NB}(4 голоса)"], Rating(4, 4.25)),
        (["Оценить статью", "(Нет голосов)", f"{NB}(0 голосов)"], Rating(0, None)),
        (["Rate this article (votes: 12, rating: 3.83) (12 votes)"], Rating(12, 3.83)),
        ([f"{NB}(3 votes)"], Rating(3, None)),
        (["Nothing to rate here.", "The vote (votes: 3, rating: 2) was held in a paragraph of text."], None),
    ],
)
def test_rating_forms(lines: list[str], rating: Rating | None) -> None:
    assert extract_rating(lines) == rating


def test_rating_from_html_and_plain_text() -> None:
    html = "<div><span>Rate this article</span><b>(votes: 2, rating: 4)</b><i>&nbsp;(2 votes)</i></div>"
    assert extract_rating(html) == Rating(2, 4.0)
    assert extract_rating("Print\n(votes: 7, rating: 4.71)\n (7 votes)\n") == Rating(7, 4.71)


POLL_EN = [
    "Poll conducted",
    "1. In your opinion, what are the US long-term goals for Russia?",
    f"Weaken Russia {NB}",
    f"{NB} 33 (31%)",
    "Keep the status quo",
    "12 (11%)",
    "2. Second question?",
    "Yes 5 (50%)",
    "No 5 (50%)",
    "For business",
]


def test_poll_with_numbered_questions_and_inline_results() -> None:
    assert extract_polls(POLL_EN) == (
        Poll(
            "In your opinion, what are the US long-term goals for Russia?",
            (PollOption("Weaken Russia", 33, 31), PollOption("Keep the status quo", 12, 11)),
        ),
        Poll("Second question?", (PollOption("Yes", 5, 50), PollOption("No", 5, 50))),
    )


def test_poll_without_heading_or_numbers_in_russian() -> None:
    lines = ["Как вы оцениваете перспективы?", "Хорошо", "7 (70%)", "Плохо", "3 (30%)"]
    (poll,) = extract_polls(lines)
    assert poll.question == "Как вы оцениваете перспективы?"
    assert [(o.text, o.votes, o.percent) for o in poll.options] == [("Хорошо", 7, 70), ("Плохо", 3, 30)]


def test_poll_from_an_ordered_list_in_html() -> None:
    html = (
        "<h3>Опрос проведен</h3><ol><li><div>Вопрос?</div><table><tr><td>Да&nbsp;</td></tr>"
        "<tr><td>&nbsp; 2 (67%)</td></tr><tr><td>Нет&nbsp;</td></tr><tr><td>&nbsp; 1 (33%)</td></tr>"
        "</table></li></ol>"
    )
    assert extract_polls(html) == (Poll("Вопрос?", (PollOption("Да", 2, 67), PollOption("Нет", 1, 33))),)


def test_a_single_percentage_in_text_is_not_a_poll() -> None:
    assert extract_polls(["Growth was", "3 (4%)", "Then it fell."]) == ()


def test_widget_lines_en_ru() -> None:
    assert widget_kinds("Print Читать на русском") == {Kind.PRINT, Kind.TRANSLATION}
    assert widget_kinds("Распечатать Read in English") == {Kind.PRINT, Kind.TRANSLATION}
    assert widget_kinds("Регион: Россия, Европа") == {Kind.META}
    assert widget_kinds("Поделиться статьей") == {Kind.SHARE}
    assert widget_kinds("Опрос проведен") == {Kind.POLL}
    assert widget_kinds("Студентам") == {Kind.FOOTER}
    assert widget_kinds("Полная версия") == {Kind.FULL_LABEL}
    assert widget_kinds("Print this article to read it later, he said.") is None
    assert widget_kinds("Share") == {Kind.SHARE}


def test_author_block() -> None:
    lines = [
        "Dmitri Trenin",
        "RIAC Member",
        "Andrey Kortunov",
        "Director General of the Russian International Affairs Council, RIAC member",
        "It is evident that Vladimir Putin yearns for a meeting with Donald Trump, and this is a sentence.",
    ]
    authors, used = parse_author_block(lines)
    assert authors == (
        Author("Dmitri Trenin", "RIAC Member"),
        Author(
            "Andrey Kortunov", "Director General of the Russian International Affairs Council, RIAC member"
        ),
    )
    assert used == 4


def test_author_block_russian_and_without_position() -> None:
    authors, used = parse_author_block(["Иван Тимофеев", "Программный директор РСМД", "Мария Иванова"])
    assert authors == (Author("Иван Тимофеев", "Программный директор РСМД"), Author("Мария Иванова", None))
    assert used == 3


def test_teaser_is_not_an_author() -> None:
    assert parse_author_block(["It is evident that Vladimir", "Putin yearns for a meeting."]) == ((), 0)


def test_long_positions_and_particles() -> None:
    lines = [
        "Ursula von der Leyen",
        "President of the European Commission",
        "Jean-Pierre Dupont Jr.",
        "Ph.D. in History. Senior Fellow at IFRI, Paris, and a long-time observer of the relationship.",
        "The meeting opened with a long statement that nobody in the room had expected to hear at all.",
    ]
    authors, used = parse_author_block(lines)
    assert [a.name for a in authors] == ["Ursula von der Leyen", "Jean-Pierre Dupont Jr."]
    assert authors[1].position is not None and authors[1].position.startswith("Ph.D.")
    assert used == 4


def test_polls_from_bytes_and_shown_twice() -> None:
    block = "<div>Poll conducted</div><div>1. Q?</div><div>A</div><div>1 (50%)</div>"
    block += "<div>B</div><div>1 (50%)</div>"
    page = f"<html><body>{block}<p>Some text.</p>{block}</body></html>".encode()
    assert extract_polls(page) == (Poll("Q?", (PollOption("A", 1, 50), PollOption("B", 1, 50))),)


def test_poll_results_split_over_sibling_elements() -> None:
    expected = (
        Poll("Which region matters most?", (PollOption("Asia", 52, 52), PollOption("Europe", 48, 48))),
    )
    split = ["Poll conducted", "Which region matters most?", "Asia", "52", "(52%)", "Europe", "48", "(48%)"]
    assert extract_polls(split) == expected
    bars = ["Which region matters most?", "Asia", "52%", "52 (52%)", "Europe", "48%", "48 (48%)"]
    assert extract_polls(bars) == expected
    html = (
        "<aside><div>Опрос проведен</div><div>Что важнее?</div>"
        "<div><label>Торговля</label><div class='b'>60%</div><span>6</span> <span>(60%)</span></div>"
        "<div><label>Климат</label><div class='b'>40%</div><span>4</span> <span>(40%)</span></div></aside>"
    )
    options = (PollOption("Торговля", 6, 60), PollOption("Климат", 4, 40))
    assert extract_polls(html) == (Poll("Что важнее?", options),)


def test_copyright_and_related_headings_are_widget_lines() -> None:
    assert widget_kinds("© 2011–2024 RIAC") == {Kind.FOOTER}
    assert widget_kinds("Все права защищены") == {Kind.FOOTER}
    for heading in ("See also", "Read also:", "Related", "См. также:", "Читайте также", "По теме"):
        assert widget_kinds(heading) == {Kind.RELATED}, heading
    assert widget_kinds("See also the report of the commission.") is None


def test_poll_results_left_of_their_options() -> None:
    lines = ["1. Which region matters most?", "52 (52%) Asia", "48 (48%) Europe"]
    options = (PollOption("Asia", 52, 52), PollOption("Europe", 48, 48))
    assert extract_polls(lines) == (Poll("Which region matters most?", options),)
    assert extract_polls(["Results", "30 (25%) of respondents said yes."]) == ()
