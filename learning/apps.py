from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.signals import user_signed_up

        user_signed_up.connect(join_students, dispatch_uid="learning_join_students")


def join_students(request, user, **kwargs):
    """Everyone who signs up on the site is a student."""
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name="Students")
    user.groups.add(group)
