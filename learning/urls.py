# Student actions (wishlist, enrolment, reviews, "My learning"): filled by the learning app.
app_name = "learning"
urlpatterns = []
