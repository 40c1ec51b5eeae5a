"""A check of a course page's JSON-LD against Google's Course info rich result: the properties Google
requires, and those it recommends that Lectern has data for (developers.google.com/search/docs/
appearance/structured-data/course-info). Returns the problems, as the Rich Results Test lists them."""

import re
from datetime import date

from tests.home.test_structured_data import json_ld, of_type

ISO_DURATION = re.compile(r"^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$")
MODES = {"online", "onsite", "blended", "synchronous", "asynchronous", "part-time", "full-time"}
CATEGORIES = {"Free", "Partially Free", "Subscription", "Paid"}
AVAILABILITY = re.compile(r"^https://schema\.org/(InStock|LimitedAvailability|SoldOut|Discontinued|PreOrder)$")


def course_json_ld(html):
    (course,) = of_type(json_ld(html), "Course")
    return course


def is_date(value):
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def offer_problems(offer, where):
    problems = []
    if not isinstance(offer, dict) or offer.get("@type") != "Offer":
        return [f"{where}: not an Offer"]
    if offer.get("category") not in CATEGORIES:
        problems.append(f"{where}.category: required, one of {sorted(CATEGORIES)}")
    try:
        price = float(offer.get("price"))
    except (TypeError, ValueError):
        problems.append(f"{where}.price: recommended, a number")
    else:
        if (price == 0) != (offer.get("category") == "Free"):
            problems.append(f"{where}: a price of {price} is not category {offer.get('category')}")
    if not re.fullmatch(r"[A-Z]{3}", str(offer.get("priceCurrency", ""))):
        problems.append(f"{where}.priceCurrency: recommended, an ISO 4217 code")
    if "availability" in offer and not AVAILABILITY.match(offer["availability"]):
        problems.append(f"{where}.availability: a schema.org ItemAvailability URL")
    if "validFrom" in offer and not is_date(offer["validFrom"]):
        problems.append(f"{where}.validFrom: an ISO 8601 date")
    return problems


def instance_problems(instance, where):
    problems = []
    modes = instance.get("courseMode")
    modes = modes if isinstance(modes, list) else [modes]
    if not modes or not all(str(mode).lower() in MODES for mode in modes):
        problems.append(f"{where}.courseMode: required, one of {sorted(MODES)}")
    schedule, workload = instance.get("courseSchedule"), instance.get("courseWorkload")
    if schedule:
        required = ("duration", "repeatFrequency", "repeatCount")
        problems.extend(f"{where}.courseSchedule.{name}: required" for name in required if name not in schedule)
    elif not (isinstance(workload, str) and ISO_DURATION.match(workload)):
        problems.append(f"{where}: courseSchedule or courseWorkload (an ISO 8601 duration) is required")
    problems.extend(
        f"{where}.{name}: an ISO 8601 date"
        for name in ("startDate", "endDate")
        if name in instance and not is_date(instance[name])
    )
    if "startDate" in instance and "endDate" in instance and instance["endDate"] < instance["startDate"]:
        problems.append(f"{where}: ends before it starts")
    if "offers" in instance:
        problems += offer_problems(instance["offers"], f"{where}.offers")
    people = instance.get("instructor", [])
    problems.extend(
        f"{where}.instructor[{number}]: a Person with a name"
        for number, person in enumerate(people)
        if person.get("@type") != "Person" or not person.get("name")
    )
    return problems


def course_info_problems(course, recommended=("inLanguage", "availableLanguage", "datePublished")):
    problems = [
        f"{name}: required"
        for name in ("name", "description")
        if not isinstance(course.get(name), str) or not course[name].strip()
    ]
    provider = course.get("provider") or {}
    if provider.get("@type") != "Organization" or not provider.get("name"):
        problems.append("provider: required, an Organization with a name")
    if "offers" not in course:
        problems.append("offers: required")
    else:
        for number, offer in enumerate(course["offers"] if isinstance(course["offers"], list) else [course["offers"]]):
            problems += offer_problems(offer, f"offers[{number}]")
    instances = course.get("hasCourseInstance")
    if not instances:
        problems.append("hasCourseInstance: required, at least one CourseInstance")
    for number, instance in enumerate(instances or []):
        if instance.get("@type") != "CourseInstance":
            problems.append(f"hasCourseInstance[{number}]: not a CourseInstance")
        problems += instance_problems(instance, f"hasCourseInstance[{number}]")
    rating = course.get("aggregateRating")
    if rating and not (1 <= float(rating["ratingValue"]) <= 5 and int(rating["reviewCount"]) > 0):
        problems.append("aggregateRating: a value from 1 to 5 and a count")
    problems.extend(f"{name}: recommended" for name in recommended if not course.get(name))
    return problems
