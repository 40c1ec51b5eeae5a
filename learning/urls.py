# Student actions: wishlist, enrolment, reviews and "My learning".
from django.urls import path

from learning import cohort_views, views

app_name = "learning"
urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("courses/<int:course_id>/wishlist/add/", views.wishlist_add, name="wishlist_add"),
    path("courses/<int:course_id>/wishlist/remove/", views.wishlist_remove, name="wishlist_remove"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/review/", views.review_create, name="review_create"),
    path("reviews/<int:review_id>/edit/", views.review_edit, name="review_edit"),
    path("reviews/<int:review_id>/delete/", views.review_delete, name="review_delete"),
    path("reviews/<int:review_id>/helpful/", views.review_helpful, name="review_helpful"),
    path("reviews/<int:review_id>/report/", views.review_report, name="review_report"),
]

# Cohorts: applications, free enrolment, calendars, and "notify me".
urlpatterns += [
    path("cohorts.ics", cohort_views.cohorts_feed, name="cohorts_feed"),
    path("cohorts/<int:cohort_id>.ics", cohort_views.cohort_ics, name="cohort_ics"),
    path("cohorts/<int:cohort_id>/apply/", cohort_views.apply, name="cohort_apply"),
    path("cohorts/<int:cohort_id>/enrol/", cohort_views.enrol, name="cohort_enrol"),
    path("courses/<int:course_id>/notify/", cohort_views.notify, name="notify"),
    path("alerts/confirm/<str:token>/", cohort_views.alert_confirm, name="alert_confirm"),
    path("alerts/unsubscribe/<str:token>/", cohort_views.alert_unsubscribe, name="alert_unsubscribe"),
]
