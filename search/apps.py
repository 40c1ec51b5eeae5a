from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    role_grants = {"Editors": ["search.change_searchsettings"]}  # migration 0004 (home.roles)

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from search import tuning
        from search.models import SearchSettings, TypeBoost
        from search.signals import settings_saved

        post_save.connect(settings_saved, sender=SearchSettings, dispatch_uid="search_settings_saved")
        for model in [SearchSettings, TypeBoost]:
            for signal in [post_save, post_delete]:
                signal.connect(tuning.forget, sender=model, dispatch_uid=f"search_tuning_{model.__name__}_{id(signal)}")
