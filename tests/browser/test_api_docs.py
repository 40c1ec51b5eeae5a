"""The API's docs page works in a browser under the site's Content Security Policy."""

from playwright.sync_api import expect


def test_api_docs_list_every_operation_and_try_one(page, home_page):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.goto("/api/")
    for path in ["/api/v2/pages/", "/api/v2/catalogue/", "/api/v2/courses/{course_id}/reviews/"]:
        expect(page.get_by_text(path, exact=True).first).to_be_visible()
    # "Try it out" on the catalogue: the page calls the API and shows its answer.
    page.locator(".opblock-summary-path[data-path='/api/v2/catalogue/']").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    assert problems == []
