"""The words of the demo marketing pages: a fictional institute, written for Lectern."""

from home.demo_kit import rich
from home.models import EnquiryField


def home_page_content():
    return {
        "hero_heading": "Become the developer teams want to hire",
        "hero_intro": "Instructor-led courses in backend development, data and cloud, taught live by engineers "
        "who build software for a living. Start from scratch or sharpen the skills you already have.",
        "hero_links": [
            ("link", {"label": "Browse courses", "page": None, "url": "/courses/"}),
            ("link", {"label": "Talk to an adviser", "page": None, "url": "/contact/"}),
        ],
        "body": [
            ("heading", {"text": "What a backend developer actually does", "level": "h2"}),
            (
                "paragraph",
                rich(
                    "Every app you use has a part you never see: the server that stores your data, checks who "
                    "you are and answers thousands of requests a minute. Backend developers design and build "
                    "that part, and Python is one of the most practical languages to do it in.",
                    "Our programme takes you from writing your first view to running a tested, secured service "
                    "in production. You learn by building one real project, step by step, with feedback from "
                    "a mentor at every stage.",
                ),
            ),
            (
                "highlights",
                {
                    "title": "The programme at a glance",
                    "items": [
                        {"label": "Duration", "value": "4 months, part-time"},
                        {"label": "Format", "value": "Live online classes"},
                        {"label": "Certificate", "value": "Awarded on your final project"},
                        {"label": "Suited to", "value": "Graduates and career changers"},
                        {"label": "Faculty", "value": "Working senior engineers"},
                        {"label": "Practice", "value": "Case studies from real products"},
                    ],
                },
            ),
            (
                "feature_list",
                {
                    "title": "The fundamentals you will master",
                    "features": [
                        {
                            "title": "Server-side code",
                            "text": "Turn requests into responses, validate input and keep the rules in one place.",
                        },
                        {
                            "title": "Web frameworks",
                            "text": "Use Django and FastAPI the way experienced teams do, not just the tutorial way.",
                        },
                        {
                            "title": "Databases",
                            "text": "Model data, write migrations and find the slow query before your users do.",
                        },
                        {
                            "title": "APIs",
                            "text": "Design clear REST endpoints, version them and document them for other teams.",
                        },
                        {
                            "title": "Security",
                            "text": "Store passwords safely, manage sessions and tokens, and close the common holes.",
                        },
                        {
                            "title": "Performance",
                            "text": "Cache what is costly, move slow work to background jobs and measure the result.",
                        },
                    ],
                },
            ),
            (
                "technology_groups",
                {
                    "title": "Technologies on the course",
                    "groups": [
                        {
                            "category": "Frameworks",
                            "items": [
                                {"name": "Django", "description": "Batteries-included framework for web apps"},
                                {"name": "FastAPI", "description": "Typed, asynchronous APIs"},
                                {"name": "Flask", "description": "A small core you extend as you need"},
                            ],
                        },
                        {
                            "category": "Data",
                            "items": [
                                {"name": "PostgreSQL", "description": "The relational database we deploy on"},
                                {"name": "Django ORM", "description": "Queries as Python, migrations included"},
                                {"name": "Redis", "description": "Caching, sessions and queues"},
                            ],
                        },
                        {
                            "category": "Background work",
                            "items": [
                                {"name": "Celery", "description": "Task queues for slow or scheduled jobs"},
                                {"name": "RabbitMQ", "description": "A message broker for reliable delivery"},
                            ],
                        },
                        {
                            "category": "Shipping",
                            "items": [
                                {"name": "Docker", "description": "The same environment on every machine"},
                                {"name": "Gunicorn and Nginx", "description": "Serving Python apps in production"},
                                {"name": "GitHub Actions", "description": "Tests and deployment on every push"},
                            ],
                        },
                        {
                            "category": "Quality",
                            "items": [
                                {"name": "pytest", "description": "Fast, readable tests"},
                                {"name": "Ruff", "description": "Linting and formatting in one tool"},
                            ],
                        },
                    ],
                },
            ),
            (
                "quote",
                {
                    "quote": "I had written scripts before, but never a real service. Four months later I "
                    "shipped an API that my new team still uses.",
                    "attribution": "Priya, graduate of the spring cohort",
                },
            ),
            (
                "faq",
                {
                    "title": "Questions we are often asked",
                    "questions": [
                        {
                            "question": "Do I need to know Python already?",
                            "answer": rich(
                                "No. The first two weeks cover the language itself. If you can already write "
                                "functions and loops you will move faster, but it is not required."
                            ),
                        },
                        {
                            "question": "How much time should I plan each week?",
                            "answer": rich(
                                "About ten hours: two live evening classes and time for the project between them."
                            ),
                        },
                        {
                            "question": "Are the classes recorded?",
                            "answer": rich(
                                "Yes. Every live class is recorded, so a missed evening never means a missed topic."
                            ),
                        },
                        {
                            "question": "What do I get at the end?",
                            "answer": rich(
                                "A certificate, a finished project you can show employers and a reference from "
                                "your mentor if you want one."
                            ),
                        },
                    ],
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Not sure which course fits you?",
                    "text": "Tell us where you are starting from and we will suggest a path. It takes two minutes.",
                    "link": {"label": "Ask an adviser", "page": None, "url": "/contact/"},
                },
            ),
        ],
    }


def about_page():
    return {
        "title": "About us",
        "intro": "A small institute with a simple idea: people learn to build software by building software, "
        "with someone experienced beside them.",
        "body": [
            ("heading", {"text": "How we teach", "level": "h2"}),
            (
                "paragraph",
                rich(
                    "Our classes are live and small, at most twenty students per mentor. Lectures are short; most "
                    "of the time goes into working on code together and reviewing each other's changes.",
                    "Every course ends with a project that is reviewed the way a pull request is reviewed at work.",
                ),
            ),
            (
                "feature_list",
                {
                    "title": "What we care about",
                    "features": [
                        {"title": "Honest advice", "text": "If a course is not right for you, we will say so."},
                        {"title": "Working mentors", "text": "Our faculty build and run software every day."},
                        {"title": "Open materials", "text": "Course notes stay yours after the course ends."},
                    ],
                },
            ),
        ],
    }


def contact_page():
    fields = [
        EnquiryField(label="Name", field_type="singleline", required=True, sort_order=0),
        EnquiryField(label="Email", field_type="email", required=True, sort_order=1),
        EnquiryField(label="Phone", field_type="singleline", required=False, sort_order=2),
        EnquiryField(
            label="Course",
            field_type="singleline",
            required=False,
            help_text="The course you are asking about, if any.",
            sort_order=3,
        ),
        EnquiryField(label="Message", field_type="multiline", required=True, sort_order=4),
    ]
    content = {
        "title": "Contact us",
        "intro": rich("Can we help you? Ask us about a course, a group booking or anything else."),
        "thank_you_text": rich("Thank you for getting in touch. An adviser will reply within one working day."),
        "to_address": "admissions@example.com",
        "from_address": "website@example.com",
        "subject": "New enquiry from the website",
    }
    return fields, content


def site_settings():
    return {
        "institute_name": "Kestrel Institute of Technology",
        "contact_email": "hello@example.com",
        "phone": "+44 117 496 0000",
        "address": "4 Harbour Walk\nBristol BS1 5XX\nUnited Kingdom",
        "linkedin_url": "https://www.linkedin.com/",
        "youtube_url": "https://www.youtube.com/",
        "footer_text": "Live, mentor-led courses in software development since 2016.",
    }
