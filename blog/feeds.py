"""RSS 2.0 feed of the newest posts, through Django's syndication framework."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed


class BlogFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        return index.title

    # Links are absolute with the Site's root URL (home.site_url): the framework would
    # otherwise complete relative ones with the request's host.
    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.intro or f"The latest posts from {index.title}."

    def feed_url(self, index):
        return index.get_full_url(self.request) + index.reverse_subpage("feed")

    def items(self, index):
        return index.feed_posts()

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.intro

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        published = post.first_published_at
        if post.date and not (published and timezone.localdate(published) == post.date):
            # An editor set the date by hand: that day, at midnight local time.
            return timezone.make_aware(datetime.combine(post.date, time()))
        return published or post.latest_revision_created_at

    def item_author_name(self, post):
        return ", ".join(author.name for author in post.authors) or None

    def item_categories(self, post):
        names = [category.name for category in post.categories.all()] + [tag.name for tag in post.tags.all()]
        return list(dict.fromkeys(names))
