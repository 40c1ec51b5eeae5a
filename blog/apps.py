from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from search import types

        types.register("blog.blogpage", "post", "Articles", order=20)
