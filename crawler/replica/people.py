"""The experts: a seeded pool of people, with the seed article's author as person 0."""

from __future__ import annotations

from crawler.replica import banks, clock
from crawler.replica.model import Person
from crawler.replica.prose import rng_for, slugify

KORTUNOV = Person(
    index=0,
    slug="andrey-kortunov",
    name_en="Andrey Kortunov",
    name_ru="Андрей Кортунов",
    positions_en=("Director General of the Russian International Affairs Council, RIAC member",),
    positions_ru=("Генеральный директор Российского совета по международным делам, член РСМД",),
)


def make_people(count: int, seed: int) -> tuple[Person, ...]:
    people = [KORTUNOV]
    used = {KORTUNOV.slug}
    for index in range(1, count):
        rng = rng_for(seed, "person", index)
        first, last = rng.choice(banks.FIRST_NAMES), rng.choice(banks.LAST_NAMES)
        name_en, name_ru = f"{first[0]} {last[0]}", f"{first[1]} {last[1]}"
        slug = slugify(name_en)
        n = 2
        while slug in used:
            slug, n = f"{slugify(name_en)}-{n}", n + 1
        used.add(slug)
        first_pos, second_pos = rng.sample(range(len(banks.POSITIONS)), 2)
        people.append(
            Person(
                index=index,
                slug=slug,
                name_en=name_en,
                name_ru=name_ru,
                positions_en=(banks.POSITIONS[first_pos][0], banks.POSITIONS[second_pos][0]),
                positions_ru=(banks.POSITIONS[first_pos][1], banks.POSITIONS[second_pos][1]),
                position_changes_on=clock.position_change_day(index),
            )
        )
    return tuple(people)
