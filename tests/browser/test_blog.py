import datetime
import re

from playwright.sync_api import expect

from blog.factories import make_index, make_post, pick_top_stories


def test_visitor_opens_a_top_story_and_sees_date_author_and_reading_time(page, home_page):
    index = make_index(home_page, intro="News from the institute.")
    story = make_post(
        index,
        "Why Python keeps winning on the backend",
        date=datetime.date(2026, 10, 28),
        authors=["Maya Okafor"],
        body_words=780,
        image=True,
        publish=True,
    )
    other = make_post(index, "An ordinary post", date=datetime.date(2026, 11, 2), authors=["Tomás Reyes"])
    pick_top_stories(index, [story])

    page.goto("/blog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Blog")
    strip = page.locator("section.blog-top-stories")
    expect(strip.get_by_role("heading", name="Top stories")).to_be_visible()
    expect(strip.get_by_role("link")).to_have_count(1)
    # The list shows both posts, newest first.
    latest = page.locator("section.blog-latest-posts .blog-card__title")
    expect(latest).to_have_text([other.title, story.title])

    strip.get_by_role("link", name=story.title).click()

    expect(page).to_have_url(re.compile(r"/blog/why-python-keeps-winning-on-the-backend/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(story.title)
    byline = page.locator("header .blog-meta")
    expect(byline.locator("time")).to_have_text("Wednesday, 28 October 2026")
    expect(byline.locator("time")).to_have_attribute("datetime", "2026-10-28")
    expect(byline).to_contain_text("By Maya Okafor")
    expect(byline.locator(".blog-reading-time")).to_have_text("Read 4 min")
    expect(page).to_have_title(re.compile(story.title))
