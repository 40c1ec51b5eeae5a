import pytest
from wagtail.blocks import StreamValue, StructBlockValidationError

from home.blocks import BodyBlock, LinkBlock, plain_text, reading_minutes


def stream(*children):
    block = BodyBlock()
    return StreamValue(block, [{"type": kind, "value": value} for kind, value in children], is_lazy=True)


@pytest.mark.django_db
def test_every_block_renders_its_content(home_page):
    body = stream(
        ("heading", {"text": "Why Python?", "level": "h2"}),
        ("paragraph", "<p>Readable <b>and</b> quick to learn.</p>"),
        ("quote", {"quote": "It just made sense.", "attribution": "A graduate"}),
        ("call_to_action", {"heading": "Ready?", "text": "", "link": {"label": "Apply", "page": home_page.pk}}),
        ("feature_list", {"title": "Why us", "features": [{"title": "Mentors", "text": "One to eight."}]}),
        (
            "technology_groups",
            {"title": "Stack", "groups": [{"category": "Web", "items": [{"name": "Django", "description": "ORM"}]}]},
        ),
        ("highlights", {"title": "", "items": [{"label": "Duration", "value": "4 months"}]}),
        ("faq", {"title": "FAQ", "questions": [{"question": "Is it online?", "answer": "<p>Yes, live.</p>"}]}),
        ("table", {"data": [["Week", "Topic"], ["1", "Basics"]], "first_row_is_table_header": True}),
        ("code", {"language": "python", "code": "def greet():\n    return 'hi'"}),
    )
    html = str(body)
    assert '<h2 id="why-python">Why Python?</h2>' in html
    assert "Readable <b>and</b> quick to learn." in html
    assert "It just made sense." in html and "A graduate" in html
    assert f'href="{home_page.url}">Apply</a>' in html
    assert "<h3>Mentors</h3>" in html
    assert "<dt>Django</dt><dd>ORM</dd>" in html
    assert "<dt>Duration</dt><dd>4 months</dd>" in html
    assert "<summary>Is it online?</summary>" in html and "<details" in html
    assert "<th" in html and "Basics" in html
    assert '<div class="code"><pre>' in html and '<span class="k">def</span>' in html


@pytest.mark.django_db
def test_link_needs_exactly_one_target(home_page):
    block = LinkBlock()
    neither = {"label": "Go", "page": None, "url": ""}
    both = {"label": "Go", "page": home_page.pk, "url": "https://example.org/"}
    for value in [neither, both]:
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python(value))
    cleaned = block.clean(block.to_python({"label": "Go", "page": None, "url": "https://example.org/"}))
    assert cleaned.href() == "https://example.org/"


def test_text_in_markup_is_escaped():
    body = stream(("quote", {"quote": "<script>alert(1)</script>", "attribution": ""}))
    assert "<script>" not in str(body)
    assert "&lt;script&gt;" in str(body)


def test_reading_time_from_body_text():
    body = stream(("paragraph", "<p>" + "word " * 800 + "</p>"), ("heading", {"text": "Title", "level": "h2"}))
    assert "word word" in plain_text(body)
    # Only what readers read: a heading's level is not text to search or count.
    assert "Title" in plain_text(body) and "Section" not in plain_text(body)
    assert reading_minutes(plain_text(body)) == 4
    assert reading_minutes("") == 1


@pytest.mark.parametrize("url", ["/courses/?level=beginner", "https://example.org/a"])
def test_link_accepts_paths_and_web_addresses(url):
    block = LinkBlock()
    assert block.clean(block.to_python({"label": "Go", "page": None, "url": url})).href() == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example", "not a url"])
def test_link_refuses_other_targets(url):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"label": "Go", "page": None, "url": url}))
