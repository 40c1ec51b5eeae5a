"""Where a page stands in the tree, for breadcrumbs and structured data."""


def trail(page):
    """The pages from the home page down to `page`'s parent, as deferred specific pages: one query (none
    on the home page itself)."""
    if page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(depth__gte=2).specific(defer=True))


def breadcrumb_list(ancestors, page, request):
    """schema.org BreadcrumbList: each step with its absolute URL (a new page's preview has none yet)."""
    items = []
    for position, step in enumerate([*ancestors, page], start=1):
        item = {"@type": "ListItem", "position": position, "name": "Home" if position == 1 else step.title}
        url = step.get_full_url(request=request) if step.pk else None
        if url:
            item["item"] = url
        items.append(item)
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
