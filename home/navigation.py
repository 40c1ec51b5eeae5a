"""Where a page stands in the tree, for breadcrumbs and structured data."""


def trail(page):
    """The pages from the home page down to `page`'s parent, as deferred specific pages: one query (none
    on the home page itself)."""
    if page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(depth__gte=2).specific(defer=True))
