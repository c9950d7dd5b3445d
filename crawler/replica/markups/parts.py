"""The contract's text pieces of an article page as HTML fragments, shared by the markup generators.

Every fragment is built from :class:`ArticleText` and an ``rng`` (so a generator is deterministic
from its seed), with class names from a :class:`Namer` the page classes never reference. The lines a
fragment shows outside the short and full versions are *noise*: they must never reach the body or
the summary of an extraction (:func:`contract_noise`, :func:`box`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from html import escape

from crawler.items import Poll
from crawler.replica import strings
from crawler.replica.markups.article_text import ArticleText

NEUTRAL = ("blk", "wrap", "pane", "unit", "cell", "slot", "zone", "strip", "holder", "inner", "col", "grp")
POLL_STYLES = ("list", "table", "form", "sidebar")
BOX_KINDS = ("see-also", "newsletter", "promo", "download")
SEE_ALSO = {"en": ("See also", "Read also", "Related"), "ru": ("См. также", "Читайте также", "По теме")}
NEWSLETTER = {
    "en": (
        "Subscribe to our newsletter",
        "The week's analysis and comments in your inbox every Friday.",
        "Subscribe",
    ),
    "ru": (
        "Подпишитесь на рассылку",
        "Аналитика и комментарии недели каждую пятницу на вашей почте.",
        "Подписаться",
    ),
}
PROMO = {
    "en": ("International Affairs Forum 2024: registration is open", "Learn more"),
    "ru": ("Форум «Международные отношения» 2024: открыта регистрация", "Подробнее"),
}
DOWNLOAD = {"en": ("Download the report (PDF, 1.2 MB)",), "ru": ("Скачать доклад (PDF, 1,2 МБ)",)}
OWN_WIDGETS = ("OK", "© 2024", "★★★★★", "☆☆☆☆☆")  # the generators' own widget and footer lines
CHROME = {
    "en": ("Home", "Analytics and Comments", "Experts", "Search", "Log in"),
    "ru": ("Главная", "Аналитика и комментарии", "Эксперты", "Поиск", "Войти"),
}


def esc(text: str) -> str:
    return escape(text, quote=False)


def squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Namer:
    """Class names: neutral words, or app-style hashes (``css-1q2w3e``) when ``hashed``."""

    rng: random.Random
    hashed: bool = False
    names: dict[str, str] = field(default_factory=dict)

    def __call__(self, role: str) -> str:
        if role not in self.names:
            if self.hashed:
                alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                digest = "".join(self.rng.choice(alphabet) for _ in range(6))
                self.names[role] = f"{self.rng.choice(('css', 'sc', 'jsx', 'x'))}-{digest}"
            else:
                self.names[role] = f"{self.rng.choice(NEUTRAL)}{len(self.names)}"
        return f' class="{self.names[role]}"'


INLINE = ("a", "em", "strong", "span", "i", "b")


def inline_markup(rng: random.Random, paragraph: str) -> str:
    """``paragraph`` escaped, with 1–2 of its words in inline elements (a link, emphasis); the text
    stays exactly the same."""
    words = [esc(w) for w in paragraph.split(" ")]
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(words))
        if words[i] and not words[i].startswith("<"):
            tag = rng.choice(INLINE)
            href = ' href="/en/tag/"' if tag == "a" else ""
            words[i] = f"<{tag}{href}>{words[i]}</{tag}>"
    return " ".join(words)


def labels(lang: str) -> dict[str, str]:
    return strings.TEXT[lang]


def rating_lines(text: ArticleText) -> tuple[str, str]:
    return strings.votes_line(text.lang, text.votes, text.average), strings.count_line(text.lang, text.votes)


def question_line(number: int, poll: Poll) -> str:
    return f"{number}. {poll.question}"


def contract_noise(text: ArticleText) -> set[str]:
    """Every line of the page outside the short and full versions that the contract names, and the
    generators' own widget lines."""
    t = labels(text.lang)
    lines = [t["print"], t["translation"], t["rate"], t["share"], t["poll"], t["short"], t["full"]]
    lines += [*rating_lines(text), *strings.FOOTER[text.lang], *CHROME[text.lang], *OWN_WIDGETS]
    if text.region:
        lines.append(f"{t['region']} {', '.join(text.region)}")
    if text.type_label:
        lines.append(f"{t['type']} {text.type_label}")
    for name, position in text.authors:
        lines += [name, position]
    for number, poll in enumerate(text.polls, 1):
        lines += [poll.question, question_line(number, poll)]
        for option in poll.options:
            lines += [option.text, f"{option.votes} ({option.percent}%)"]
    return {squash(line).casefold() for line in lines if line.strip()}


def top_widgets(text: ArticleText, rng: random.Random, n: Namer, tag: str = "div") -> str:
    """Print + translation, region/type, the rating widget, share, in markup of the generator's kind."""
    if not text.widgets:
        return ""
    t = labels(text.lang)
    links = [f'<a href="?print=Y">{t["print"]}</a>'] if rng.random() >= 0.1 else []  # either may be missing
    if text.translated:
        links.append(f'<a href="/{"" if text.lang == "en" else "en/"}twin/">{t["translation"]}</a>')
    tools = rng.choice((" ", "<br>")).join(links)
    meta = ""
    if text.region:
        meta += f"<{tag}{n('meta')}>{esc(t['region'])} {esc(', '.join(text.region))}</{tag}>"
    if text.type_label:
        meta += f"<{tag}{n('meta')}>{esc(t['type'])} {esc(text.type_label)}</{tag}>"
    return f"<{tag}{n('tools')}>{tools}</{tag}>{meta}{rating_widget(text, rng, n, tag)}{share(text, n, tag)}"


def rating_widget(text: ArticleText, rng: random.Random, n: Namer, tag: str = "div") -> str:
    t = labels(text.lang)
    votes, count = (esc(line) for line in rating_lines(text))
    if rng.random() < 0.5:
        stars = "".join(f'<button type="button" value="{k}">★</button>' for k in range(1, 6))
        control = f"<form{n('stars')}>{stars}</form>"
    else:
        control = "".join(f'<a href="#" data-v="{k}">☆</a>' for k in range(1, 6))
    return (
        f"<{tag}{n('rating')}><{tag}>{t['rate']}</{tag}>{control}"
        f"<{tag}>{votes}</{tag}><{tag}>{count}</{tag}></{tag}>"
    )


def rating_again(text: ArticleText, rng: random.Random, n: Namer, tag: str = "div") -> str:
    if not text.widgets:
        return ""
    if rng.random() < 0.5:
        return rating_widget(text, rng, n, tag)
    votes, count = (esc(line) for line in rating_lines(text))
    return f"<{tag}{n('counts')}><span>{votes}</span><br><span>{count}</span></{tag}>"


def share(text: ArticleText, n: Namer, tag: str = "div") -> str:
    icons = "".join(
        f'<a href="#" title="{s}"><svg width="16" height="16"></svg></a>' for s in ("VK", "TG", "X")
    )
    return f"<{tag}{n('share')}><{tag}>{labels(text.lang)['share']}</{tag}>{icons}</{tag}>"


def authors(text: ArticleText, rng: random.Random, n: Namer, tag: str = "div") -> str:
    if not text.widgets or not text.authors:
        return ""
    out = []
    for name, position in text.authors:
        link = f'<a href="/expert/">{esc(name)}</a>'
        if rng.random() < 0.5:
            out.append(f"<{tag}{n('person')}><{tag}>{link}</{tag}><{tag}>{esc(position)}</{tag}></{tag}>")
        else:
            out.append(
                f'<{tag}{n("person")}><img src="p.jpg" alt="">{link}<br>'
                f"<small>{esc(position)}</small></{tag}>"
            )
    return f"<{tag}{n('people')}>{''.join(out)}</{tag}>"


def poll_style(rng: random.Random) -> str:
    return rng.choice(POLL_STYLES)


def poll(text: ArticleText, style: str, rng: random.Random, n: Namer) -> str:
    """The site poll as a list, a table, a radio form, or (``sidebar``) bars in sibling elements."""
    if not text.widgets or not text.polls:
        return ""
    heading = f"<div{n('poll-head')}>{labels(text.lang)['poll']}</div>" if rng.random() < 0.85 else ""
    blocks = []
    for number, question in enumerate(text.polls, 1):
        q = esc(question_line(number, question))
        if style == "list":
            items = "".join(f"<li>{esc(o.text)}<br>{o.votes} ({o.percent}%)</li>" for o in question.options)
            blocks.append(f"<div{n('q')}>{q}</div><ul>{items}</ul>")
        elif style == "table":
            rows = "".join(
                f"<tr><td>{esc(o.text)}</td><td>{o.votes} ({o.percent}%)</td></tr>" for o in question.options
            )
            blocks.append(f"<table><caption>{q}</caption>{rows}</table>")
        elif style == "form":
            rows = "".join(
                f'<div><label><input type="radio" name="q{number}"> {esc(o.text)}</label>'
                f"<div>{o.votes} ({o.percent}%)</div></div>"
                for o in question.options
            )
            blocks.append(
                f"<form><fieldset><legend>{q}</legend>{rows}"
                '<button type="submit">OK</button></fieldset></form>'
            )
        else:
            rows = "".join(
                f'<div{n("opt")}>{esc(o.text)}</div><div{n("bar")} style="width:{o.percent}%"></div>'
                f"<div{n('res')}>{o.votes} ({o.percent}%)</div>"
                for o in question.options
            )
            blocks.append(f"<p><b>{q}</b></p>{rows}")
    return f"<div{n('vote')}>{heading}{''.join(blocks)}</div>"


def footer(lang: str, n: Namer) -> str:
    links = "".join(f'<a href="/{i}/">{label}</a> ' for i, label in enumerate(strings.FOOTER[lang]))
    return f"<footer{n('foot')}><div>{links}</div><div>© 2024</div></footer>"


def chrome(lang: str, n: Namer) -> str:
    links = "".join(f'<li><a href="/{i}/">{esc(label)}</a></li>' for i, label in enumerate(CHROME[lang]))
    return f"<header{n('top')}><ul>{links}</ul></header>"


def box(kind: str, text: ArticleText, rng: random.Random, n: Namer) -> tuple[str, list[str]]:
    """A box inside or around the article: (HTML, its visible lines)."""
    lang = text.lang
    if kind == "see-also":
        heading = rng.choice(SEE_ALSO[lang])
        titles = list(text.related_titles[: rng.randint(2, 4)]) or ["—"]
        items = "".join(f'<li><a href="/a{i}/">{esc(t)}</a></li>' for i, t in enumerate(titles))
        html = f"<div{n('also')}><div><b>{heading}</b></div><ul>{items}</ul></div>"
        return html, [heading, *titles]
    if kind == "newsletter":
        head, blurb, button = NEWSLETTER[lang]
        html = (
            f"<div{n('letter')}><div>{head}</div><div>{blurb}</div><form>"
            f'<input type="email" placeholder="e-mail"><button>{button}</button></form></div>'
        )
        return html, [head, blurb, button]
    if kind == "promo":
        head, more = PROMO[lang]
        html = (
            f'<div{n("promo")}><a href="/forum/"><img src="f.png" alt=""><div>{esc(head)}</div></a>'
            f'<a href="/forum/">{more}</a></div>'
        )
        return html, [head, more]
    (line,) = DOWNLOAD[lang]
    return f'<div{n("dl")}><a href="/r.pdf">{esc(line)}</a></div>', [line]
