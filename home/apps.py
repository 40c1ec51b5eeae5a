from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "home"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from home import page_cache, site_url

        # The outbox publishes tasks by name, so every app's tasks module is loaded in every process
        # (the worker does this itself; a web process would otherwise know only those it imported).
        autodiscover_modules("tasks")

        page_cache.connect_signals()
        # Refused at start-up, naming the variable, like the settings' own checks.
        site_url.site_address(settings.BASE_URL)
        post_migrate.connect(site_url.apply_base_url, sender=self, dispatch_uid="home-apply-base-url")
