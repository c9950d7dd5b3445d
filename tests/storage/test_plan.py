from __future__ import annotations

from storage.plan import version_change


def test_one_rule_decides_new_changed_unchanged_and_a_return_after_withdrawal() -> None:
    digests = {"en/news/a": "d1", "en/news/b": "d2"}
    assert version_change("en/news/new", "d0", digests) == "new"
    assert version_change("en/news/a", "d1", digests) == "unchanged"
    assert version_change("en/news/a", "d9", digests) == "changed"
    # withdrawn, now live again with the same content: a new version marks its return
    assert version_change("en/news/b", "d2", digests, withdrawn={"en/news/b"}) == "changed"
