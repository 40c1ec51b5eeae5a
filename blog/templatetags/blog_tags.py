"""Blog template tags. `{% load blog_tags %}{% latest_posts 3 %}` lists the newest posts anywhere on the site."""

from django import template

register = template.Library()


@register.inclusion_tag("blog/includes/latest_posts.html", takes_context=True)
def latest_posts(context, count=3):
    """Cards for the `count` newest live posts: title link, date, intro and reading time, in three queries."""
    from blog.models import BlogPage, newest_first

    try:
        count = max(0, int(count))
    except (TypeError, ValueError):
        count = 3
    posts = newest_first(BlogPage.objects.live().public())[:count] if count else []
    return {"request": context.get("request"), "posts": posts}
