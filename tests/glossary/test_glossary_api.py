"""Glossary terms in the read API."""

from glossary.factories import make_index, make_term


def test_a_term_in_the_api(client, home_page):
    index = make_index(home_page)
    term = make_term(index, "Object-relational mapping", "Objects stored as rows.", aliases="ORM, O/RM")
    make_term(index, "Unpublished term", live=False)
    items = client.get("/api/v2/pages/?type=glossary.GlossaryTermPage&fields=*").json()["items"]
    assert [item["title"] for item in items] == [term.title]
    assert items[0]["short_definition"] == "Objects stored as rows."
    assert items[0]["aliases"] == ["ORM", "O/RM"]
    assert items[0]["body"] == str(term.body)
