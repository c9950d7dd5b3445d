"""A text rendering of an article from the replica's truth, in the seed's format (site contract order):
``Print`` + translation, ``Region:``/``Type:``, rating, ``Share``, authors, short then full version,
the rating again, the poll, the footer. Independent of the replica's themes and of the extractor."""

from __future__ import annotations

from typing import Any

NB = "\u00a0"
LABELS = {
    "en": {
        "print": "Print", "translation": "Читать на русском", "region": "Region:", "type": "Type:",
        "rate": "Rate this article", "share": "Share this article", "poll": "Poll conducted",
        "footer": ("For business", "For researchers", "For students"),
    },
    "ru": {
        "print": "Распечатать", "translation": "Read in English", "region": "Регион:", "type": "Тип:",
        "rate": "Оценить статью", "share": "Поделиться статьей", "poll": "Опрос проведен",
        "footer": ("Бизнесу", "Исследователям", "Студентам"),
    },
}  # fmt: skip


def votes_lines(lang: str, rating: dict[str, Any] | None) -> list[str]:
    if rating is None:
        return []
    votes, average = rating["votes"], rating["average"]
    shown = f"{average:.2f}".rstrip("0").rstrip(".") if average is not None else ""
    if lang == "en":
        first = f"(votes: {votes}, rating: {shown})" if votes else "(no votes)"
        return [first, f"{NB}({votes} vote{'' if votes == 1 else 's'})"]
    first = f"(Голосов: {votes}, Рейтинг: {shown})" if votes else "(Нет голосов)"
    if votes % 10 == 1 and votes % 100 != 11:
        word = "голос"
    elif 2 <= votes % 10 <= 4 and not 12 <= votes % 100 <= 14:
        word = "голоса"
    else:
        word = "голосов"
    return [first, f"{NB}({votes} {word})"]


def render(truth: dict[str, Any], poll_heading: bool = True) -> str:
    labels: dict[str, Any] = LABELS[truth["lang"]]
    out = [labels["print"] + (f" {labels['translation']}" if truth["translation_url"] else "")]
    if truth["region"]:
        out.append(f"{labels['region']} {', '.join(truth['region'])}")
    if truth["type"]:
        out.append(f"{labels['type']} {truth['type']}")
    out += [labels["rate"], *votes_lines(truth["lang"], truth["rating"]), labels["share"]]
    for author in truth["authors"]:
        out += [author["name"], "", author["position"], ""]
    for paragraph in (*truth["summary_paragraphs"], *truth["body_paragraphs"]):
        out += [paragraph, ""]
    out += [*votes_lines(truth["lang"], truth["rating"]), ""]
    if poll_heading:
        out.append(labels["poll"])
    for number, question in enumerate(truth["polls"], start=1):
        out.append(f"  {number}. {question['question']}")
        for option in question["options"]:
            out += [f"    {option['text']} {NB}", f"    {NB} {option['votes']} ({option['percent']}%)"]
    return "\n".join([*out, NB, *labels["footer"]])
