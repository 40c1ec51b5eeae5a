from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"

    def ready(self):
        from home import page_cache

        page_cache.connect_signals()
