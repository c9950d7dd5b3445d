"""Short/full separation on every teaser form of the contract, as pure functions."""

from __future__ import annotations

from crawler.pages.teaser import Separation, separate, separate_content, split_glued, teaser_length

NB = "\u00a0"
B = [
    "The summit opened in Helsinki on Monday. Both delegations arrived late. Nobody expected much.",
    "Sanctions remain the main obstacle. Washington refuses to discuss them. Moscow calls them illegal.",
    "Arms control is the one area of common interest. The New Start treaty expires soon.",
    "Syria is another subject. Both sides want stability there, if for different reasons.",
    "The current positions of both presidents are asymmetrical. A failure for one is a success for two.",
]


def test_exact_repeat_of_one_to_three_paragraphs() -> None:
    for k in (1, 2, 3):
        result = separate([*B[:k], *B])
        assert (result.summary, result.body, result.method) == (tuple(B[:k]), tuple(B), "text")


def test_trailing_no_break_spaces() -> None:
    result = separate([B[0] + NB * 4, B[1] + NB, *B])
    assert result.summary == (B[0], B[1]) and result.body == tuple(B)


def test_glued_teaser_without_a_break() -> None:
    assert split_glued([B[0], B[1] + " " + B[0], B[1], B[2]]) == [B[0], B[1], B[0], B[1], B[2]]
    result = separate([B[0] + " " + B[0], *B[1:]])
    assert result.summary == (B[0],) and result.body == tuple(B)


def test_one_teaser_paragraph_made_of_several_full_ones() -> None:
    result = separate([" ".join(B[:3]), *B])
    assert result.summary == (" ".join(B[:3]),) and result.body == tuple(B)


def test_first_sentences_of_later_paragraphs() -> None:
    teaser = ["Sanctions remain the main obstacle.", "Arms control is the one area of common interest."]
    result = separate([*teaser, *B])
    assert result.summary == tuple(teaser) and result.body == tuple(B)


def test_prefix_cut_mid_sentence() -> None:
    result = separate(["The summit opened in Helsinki", *B])
    assert result.summary == ("The summit opened in Helsinki",) and result.body == tuple(B)
    assert separate(["The summit opened in Helsinki…", *B]).body == tuple(B)


def test_lightly_edited_copies() -> None:
    full = [
        *B[:4],
        "In sum, the current positions of both presidents are asymmetrical. A failure for one is.",
    ]
    teaser = ["The current positions of both presidents are asymmetrical."]
    assert separate([*teaser, *full]).body == tuple(full)
    dated = ["Talks are set for October 20–22. " + B[0], *B[1:]]
    assert separate(["Talks are set for October 20-22. " + B[0], *dated]).body == tuple(dated)
    quoted = ["“The summit opened in Helsinki on Monday.” Both delegations arrived late.", *B[1:]]
    assert separate(
        ["The summit opened in Helsinki on Monday.” Both delegations arrived late.", *quoted]
    ).body == (tuple(quoted))
    ru = ["Переговоры начались в 2018 г. Стороны ничего не решили.", *B[1:]]
    assert separate(["Переговоры начались в 2018г. Стороны ничего не решили.", *ru]).body == tuple(ru)


def test_summary_keeps_the_teaser_wording_and_body_the_full_one() -> None:
    full = ["Talks are set for October 20–22. " + B[0], *B[1:]]
    result = separate(["Talks are set for October 20-22. " + B[0], *full])
    assert "20-22" in result.summary[0] and "20–22" in result.body[0]


def test_without_evidence_there_is_no_short_version_and_the_body_is_whole() -> None:
    abstract = "This article looks at what each side can expect from the meeting."
    assert teaser_length([abstract, *B]) == 0
    found = separate([abstract, *B])
    assert (found.summary, found.body, found.method) == ((), (abstract, *B), "none")
    two = separate(B[:2])  # a two-paragraph blog post keeps both paragraphs in its body
    assert (two.summary, two.body) == ((), tuple(B[:2]))
    hinted = separate([abstract, *B], hint=1)
    assert (hinted.summary, hinted.body, hinted.method) == ((abstract,), tuple(B), "markup")
    labelled = separate([abstract, *B], hint=1, labelled=True)
    assert labelled.method == "labels" and labelled.body == tuple(B)


def test_text_evidence_beats_a_container_hint() -> None:
    assert separate([*B[:2], *B], hint=1).summary == tuple(B[:2])


def test_a_body_paragraph_quoting_an_earlier_sentence_stays() -> None:
    body = [
        *B,
        "Sanctions remain the main obstacle.",
        "Sanctions remain the main obstacle. It bears repeating.",
    ]
    assert separate([B[0], *body]).body == tuple(body)
    teaser = ["Sanctions remain the main obstacle."]
    assert separate([*teaser, *body]).body == tuple(body)


def test_what_cannot_be_an_abstract_stays_in_the_body() -> None:
    assert teaser_length(B) == 0
    assert separate([B[0]]) == Separation((), (B[0],), "none")  # one paragraph is all body
    assert separate([]).body == ()
    dateline = "Moscow, 12 March 2021"  # a heading or dateline is not a short version
    assert separate([dateline, *B]) == Separation((), (dateline, *B), "none")
    longer = " ".join(B)  # a "short version" longer than the full one is not one
    assert separate([longer, B[1]]) == Separation((), (longer, B[1]), "none")


def test_short_coincidences_are_not_teasers() -> None:
    assert teaser_length(["Syria", *B]) == 0
    assert teaser_length(["is another", *B]) == 0


def test_a_teaser_with_a_word_changed_still_matches_its_full_paragraph() -> None:
    full = [
        "Anything but a clear and decisive American success will be considered a failure in Washington. Yes.",
        *B[1:],
    ]
    teaser = "Anything but a clear and decisive US success will be considered a failure in Washington."
    assert separate([teaser, *full]).summary == (teaser,)
    other = "Anything but a clear and decisive step would be welcome in Moscow, where hopes run high."
    assert teaser_length([other, *full]) == 0


def test_near_copies_do_not_cross_paragraphs() -> None:
    # template prose: the first full paragraph nearly recurs across the end of one paragraph and the next
    first = (
        "On the other hand the economic dimension matters more than the military one, and Brussels knows it. "
    )
    first += "What next?"
    body = [
        first,
        "What next? The Kremlin seeks an energy dialogue after the next election cycle, officials say.",
        "Tehran questions the value of the regime. On the other hand the economic dimension matters more "
        "than the military one, and India knows it.",
        "What next?",
    ]
    result = separate([first, *body])
    assert result.summary == (first,) and result.body == tuple(body)


def test_a_near_copy_deep_in_the_body_is_the_authors_repetition_not_a_teaser() -> None:
    # a prefix teaser, then a first paragraph that the author all but repeats, one word changed, far
    # below: the opening is the full version, not a second teaser paragraph
    first = "Domestic politics leaves little room for bold steps, and India knows it. Is there a way?"
    echo = "Domestic politics leaves little room for bold steps, and Europe knows it. Is there a way?"
    full = [first, *B, *B[:2], echo, B[2]]
    found = separate(["Domestic politics leaves little", *full])
    assert (found.summary, found.body) == (("Domestic politics leaves little",), tuple(full))
    # the same near copy among the opening paragraphs is a lightly edited teaser
    assert separate([echo, *full]).summary == (echo,)


def test_a_title_line_above_the_short_version_is_neither_summary_nor_body() -> None:
    item = "RIAC has published a new report on cooperation in Central Asia."
    found = separate_content(["New report", item, item])
    assert (found.summary, found.body) == ((item,), (item,))  # the paragraph once in the body
    assert separate(["New report", item, item]).body == ("New report", item, item)  # separate drops nothing
    assert separate_content(["New report", *B]).body == ("New report", *B)  # no teaser: nothing skipped


def test_a_second_copy_of_the_text_is_dropped_but_an_authors_repeat_stays() -> None:
    found = separate_content([B[0], *B, *B])  # a print copy rendered without hiding markup
    assert (found.summary, found.body) == ((B[0],), tuple(B))
    refrain = [*B[:2], "Sanctions remain.", *B[2:4], "Sanctions remain."]
    assert separate_content(refrain).body == tuple(refrain)
    whole = separate_content([*B[:3], *B[:3]])  # a three-paragraph item repeated as its short version
    assert (whole.summary, whole.body) == (tuple(B[:3]), tuple(B[:3]))
