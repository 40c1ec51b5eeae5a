from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "glossary"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from glossary.autolink import forget_terms
        from glossary.models import GlossaryIndexPage, GlossaryTermPage
        from search import types

        types.register("glossary.glossarytermpage", "term", "Glossary", order=30)

        # Whatever changes a term's name, definition, URL or visibility drops the cached list;
        # the index page counts too, since its slug is part of every term's URL.
        for sender in [GlossaryTermPage, GlossaryIndexPage]:
            for signal in [page_published, page_unpublished, post_delete, post_page_move]:
                signal.connect(forget_terms, sender=sender, dispatch_uid=f"glossary-{sender.__name__}-{id(signal)}")
        for signal in [post_save, post_delete]:
            signal.connect(forget_terms, sender=PageViewRestriction, dispatch_uid=f"glossary-restriction-{id(signal)}")
