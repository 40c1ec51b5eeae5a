from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    default_auto_field = "django.db.models.BigAutoField"
    # Applied by migration 0002 (home.roles): moderators decide on reviews, editors may read them.
    role_grants = {
        "Moderators": ["learning.moderate_review", "learning.view_review", "learning.reply_review"],
        "Editors": ["learning.view_review", "learning.view_application"],
        # Applied by migration 0006: admissions decide on applications for cohorts.
        "Admissions": ["wagtailadmin.access_admin", "learning.view_application", "learning.change_application"],
    }

    def ready(self):
        from allauth.account.signals import email_confirmed, user_signed_up
        from django.contrib.auth.signals import user_logged_in
        from wagtail.signals import page_published

        from learning import admissions
        from learning.catalogue import signals
        from learning.models import CoursePage
        from search import indexes, types

        user_signed_up.connect(join_students, dispatch_uid="learning_join_students")
        user_logged_in.connect(merge_wishlist, dispatch_uid="learning_merge_wishlist")
        email_confirmed.connect(attach_seats, dispatch_uid="learning_attach_seats")
        types.register("learning.coursepage", "course", "Courses", order=10)
        signals.connect()
        # A new open cohort or a lower price: tell those waiting for the course.
        page_published.connect(admissions.course_published, sender=CoursePage, dispatch_uid="learning_alerts")
        indexes.register("Course catalogue", rebuild_catalogue)


def rebuild_catalogue(command):
    """The catalogue's own Elasticsearch index, for rebuild_search_indexes; nothing to do without one."""
    from django.conf import settings

    from learning.catalogue import index

    if not settings.ELASTICSEARCH_URL:
        return "ELASTICSEARCH_URL is not set: the catalogue searches the database, no index to build."
    name, count = index.rebuild(progress=command.progress)
    return f"{count} course(s) in {name}; {index.alias()} points at it."


def join_students(request, user, **kwargs):
    """Everyone who signs up on the site is a student."""
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name="Students")
    user.groups.add(group)


def merge_wishlist(sender, request, user, **kwargs):
    """What a guest put on their wishlist joins the account they log in to (sign-up logs in too)."""
    from learning import services

    session = getattr(request, "session", None)
    if session is not None:
        services.merge_guest_wishlist(user, session)


def attach_seats(request, email_address, **kwargs):
    """A seat admissions accepted for this address before it was the account's joins the account."""
    from learning import admissions

    admissions.attach_seats(email_address.user, email_address.email)
