"""Instructors' public pages, /instructors/ and /instructors/<slug>/: who teaches, and what."""

from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET

from home.site_url import root_url
from learning.models import CoursePage, Instructor


def taught_by(instructor):
    """The live, public courses an instructor teaches, with what their cards show: one query."""
    courses = CoursePage.objects.live().public().filter(course_instructors__instructor=instructor)
    return courses.select_related("category").distinct().order_by("title")


@require_GET
def instructor_list(request):
    instructors = Instructor.objects.select_related("photo")
    return render(request, "learning/instructor_list.html", {"instructors": instructors})


@require_GET
def instructor_detail(request, slug):
    instructor = get_object_or_404(Instructor.objects.select_related("photo"), slug=slug)
    courses = list(taught_by(instructor))
    json_ld = {"@context": "https://schema.org", **instructor.json_ld(root_url(request))}
    links = [block.value["url"] for block in instructor.links]
    if links:
        json_ld["sameAs"] = links
    context = {"instructor": instructor, "courses": courses, "json_ld": json_ld}
    return render(request, "learning/instructor_detail.html", context)


urlpatterns = [
    path("", instructor_list, name="instructors"),
    path("<slug:slug>/", instructor_detail, name="instructor"),
]
