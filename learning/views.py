"""Student actions. Views check input and permissions, learning.services does the writing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from home.site_url import local_path
from learning import services
from learning.cohorts import Application
from learning.forms import ReportForm, ReviewForm
from learning.reviews import Enrolment, Review, WishlistItem


def course_or_404(course_id):
    course = services.public_course(course_id)
    if course is None:
        raise Http404("No such course.")
    return course


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def back_to(request, course):
    """A redirect to the `next` the form sent when it is a path on this site, else to the course page."""
    target = request.POST.get("next") or request.GET.get("next")
    return HttpResponseRedirect(local_path(request, target) or course.url)


def student_action(view):
    """POST only, a public course, and a logged-in user (anonymous visitors log in and return to the course)."""

    @require_POST
    def wrapper(request, course_id):
        course = course_or_404(course_id)
        if not request.user.is_authenticated:
            if wants_json(request):
                return JsonResponse({"login_url": redirect_to_login(course.url).url}, status=401)
            return redirect_to_login(course.url)
        return view(request, course)

    wrapper.__name__ = view.__name__
    return wrapper


@require_http_methods(["GET", "POST"])
def wishlist_add(request, course_id):
    """Students' wishlists are stored; a guest's is kept in the session until they log in or sign up.
    GET asks first: the link that cached pages carry leads here, where the form has its token."""
    course = course_or_404(course_id)
    if request.method == "GET":
        return render(request, "learning/wishlist_confirm.html", {"course": course})
    try:
        if request.user.is_authenticated:
            services.add_to_wishlist(request.user, course)
        else:
            services.add_to_guest_wishlist(request.session, course)
    except services.WishlistFull as error:
        if wants_json(request):
            return JsonResponse({"error": str(error)}, status=400)
        return notice(request, "Your wishlist is full", str(error), course, status=400)
    if wants_json(request):
        return JsonResponse({"wishlisted": True})
    messages.success(request, f"“{course.title}” is on your wishlist.")
    return back_to(request, course)


@require_POST
def wishlist_remove(request, course_id):
    course = course_or_404(course_id)
    if request.user.is_authenticated:
        services.remove_from_wishlist(request.user, course)
    else:
        services.remove_from_guest_wishlist(request.session, course)
    if wants_json(request):
        return JsonResponse({"wishlisted": False})
    messages.success(request, f"“{course.title}” is off your wishlist.")
    return back_to(request, course)


def notice(request, title, message, course=None, status=400, anchor="reviews"):
    """A clear answer for a request that cannot be carried out, with a link back to the course's section."""
    context = {"title": title, "message": message, "course": course, "anchor": anchor}
    return render(request, "learning/notice.html", context, status=status)


@require_POST
@login_required
def review_helpful(request, review_id):
    try:
        marked, count = services.toggle_helpful(request.user, review_id)
    except services.ReviewError as error:
        status = 404 if isinstance(error, services.NotPublished) else 400
        if wants_json(request):
            return JsonResponse({"error": str(error)}, status=status)
        return notice(request, "This review cannot be marked", str(error), status=status)
    if wants_json(request):
        return JsonResponse({"marked": marked, "count": count})
    target = local_path(request, request.POST.get("next"))
    return HttpResponseRedirect(target or "/")


@login_required
def review_report(request, review_id):
    review = Review.objects.filter(pk=review_id, status=Review.APPROVED).select_related("course").first()
    if review is None or services.public_course(review.course_id) is None:
        raise Http404("No such review.")
    course = review.course
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_review(request.user, review.pk, form.cleaned_data["reason"])
        except services.AlreadyReported as error:
            return notice(request, "Already reported", str(error), course, status=409)
        except services.ReviewError as error:
            return notice(request, "This review cannot be reported", str(error), course)
        messages.success(request, "Thank you: a moderator will look at this review.")
        return redirect(course.url + "#reviews")
    context = {"review": review, "course": course, "form": form}
    return render(request, "learning/review_report.html", context, status=400 if form.errors else 200)


@student_action
def enrol(request, course):
    if course.cohorts.exists():  # a course that runs in cohorts takes students into a cohort, seat by seat
        messages.info(request, "This course runs in cohorts: choose one under “Dates and enrolment”.")
        return redirect(course.url + "#cohorts")
    if not course.is_free:
        messages.error(request, "This course is not free: contact us to enrol.")
    elif services.enrol(request.user, course):
        messages.success(request, f"You are enrolled in “{course.title}”.")
    else:
        messages.info(request, "You are already enrolled in this course.")
    return redirect(course.url)


def review_form_response(request, course, form, review=None, status=200, error=None):
    context = {"course": course, "form": form, "review": review, "error": error}
    return render(request, "learning/review_form.html", context, status=status)


@login_required
def review_create(request, course_id):
    course = course_or_404(course_id)
    existing = Review.objects.filter(course=course, user=request.user).first()
    if existing:
        messages.info(request, "You have already reviewed this course; you can edit your review here.")
        return redirect("learning:review_edit", review_id=existing.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_review(request.user, course, **form.cleaned_data)
        except services.RateLimited as error:
            return review_form_response(request, course, form, status=429, error=str(error))
        except services.DuplicateReview as error:
            return review_form_response(request, course, form, status=409, error=str(error))
        messages.success(request, "Thank you! Your review is awaiting moderation.")
        return redirect(course.url + "#reviews")
    return review_form_response(request, course, form, status=400 if form.errors else 200)


def own_review(request, review_id):
    review = get_object_or_404(Review, pk=review_id)
    course = services.public_course(review.course_id)
    if course is None:
        raise Http404("No such course.")
    if review.user_id != request.user.pk:
        # Services check this again; here it is the visitor's answer.
        raise PermissionDenied("You can only change your own review.")
    return review, course


@login_required
def review_edit(request, review_id):
    review, course = own_review(request, review_id)
    form = ReviewForm(request.POST or None, instance=Review(rating=review.rating, title=review.title, body=review.body))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_review(review, request.user, **form.cleaned_data)
        except services.RateLimited as error:
            return review_form_response(request, course, form, review, status=429, error=str(error))
        messages.success(request, "Your review is updated and awaiting moderation.")
        return redirect(course.url + "#reviews")
    return review_form_response(request, course, form, review, status=400 if form.errors else 200)


@login_required
def review_delete(request, review_id):
    review, course = own_review(request, review_id)
    if request.method == "POST":
        services.delete_review(review, request.user)
        messages.success(request, "Your review is deleted.")
        return redirect(course.url + "#reviews")
    return render(request, "learning/review_confirm_delete.html", {"course": course, "review": review})


@login_required
def my_learning(request):
    user = request.user
    context = {
        "wishlist": WishlistItem.objects.filter(user=user, course__live=True).select_related("course"),
        "enrolments": Enrolment.objects.filter(user=user, course__live=True).select_related("course", "cohort"),
        # Made logged in, or before signing up with the same address.
        "applications": Application.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .exclude(status=Application.ACCEPTED)  # accepted ones are enrolments above
        .select_related("cohort__page"),
        "reviews": Review.objects.filter(user=user).select_related("course"),
    }
    return render(request, "learning/my_learning.html", context)
