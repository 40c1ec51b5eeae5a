"""The words of the demo courses: a fictional institute's catalogue, written for Lectern."""

from home.demo_kit import section


def module(title, summary, *lessons):
    return ("module", {"title": title, "summary": summary, "lessons": [{"title": t, "minutes": m} for t, m in lessons]})


CATEGORIES = {"software-development": "Software development", "data-and-cloud": "Data and cloud"}

INSTRUCTORS = {
    "Priya Raman": ("Lead backend engineer", "Has shipped Django services for payments and logistics teams."),
    "Tomasz Wójcik": ("Data engineer", "Builds reporting pipelines and teaches analysts to love SQL."),
    "Amara Okafor": ("Cloud architect", "Moves monoliths to containers without the drama."),
}

COURSES = [
    {
        "slug": "python-backend-development",
        "title": "Python backend development",
        "summary": "Build, test and deploy web services with Python and Django in four months of live evening classes.",
        "category": "software-development",
        "level": "beginner",
        "delivery_format": "live_online",
        "duration": "4 months",
        "schedule": "Tuesday and Thursday evenings, 7–9 pm, plus a Saturday lab",
        "certificate": True,
        "audience": "Freshers and graduates starting a software career, and career changers who can already "
        "write a little code.",
        "price": "0",
        "featured": True,
        "instructors": ["Priya Raman"],
        "about": [
            *section(
                "Why this course",
                "Most of what a web product does happens on a server nobody sees. This course teaches you to build "
                "that server: the code that answers requests, keeps data safe and talks to other systems.",
            ),
            *section(
                "How you will learn",
                "Each week has two live classes and a lab. You build one project from the first week to the last, "
                "and a mentor reviews every pull request you open.",
            ),
            *section(
                "Frameworks and tools",
                "You start with Django because it gives you an ORM, an admin and authentication out of the box. "
                "Later you meet FastAPI for small, fast APIs and compare the two honestly.",
                "Along the way you use Git, PostgreSQL, Redis, Celery and Docker the way teams use them at work.",
            ),
            *section(
                "After the course",
                "You leave with a deployed project, a certificate and a portfolio you can walk an interviewer "
                "through. Our careers team helps with your CV and practice interviews.",
            ),
        ],
        "curriculum": [
            module(
                "Python foundations",
                "The language, the tools and good habits.",
                ("Setting up your machine", 45),
                ("Functions, modules and packages", 90),
                ("Testing with pytest", 90),
            ),
            module(
                "Django essentials",
                "Models, views, templates and the admin.",
                ("Your first project", 60),
                ("Models and migrations", 90),
                ("Forms and validation", 90),
            ),
            module(
                "APIs and background work",
                "Serving data to other programs.",
                ("REST with Django", 90),
                ("Async tasks with Celery", 60),
                ("Caching with Redis", 60),
            ),
            module(
                "Shipping it",
                "From laptop to production.",
                ("Docker for developers", 90),
                ("Deploying and monitoring", 90),
                ("Final project demo", 120),
            ),
        ],
        "learning_outcomes": [
            "Design a relational data model and evolve it with migrations",
            "Build a secure REST API with authentication",
            "Write automated tests that catch regressions",
            "Deploy a containerised service and watch it in production",
        ],
        "prerequisites": ["Comfort using a computer and the command line", "No prior Python needed"],
        "reviews": 22,
    },
    {
        "slug": "data-analysis-with-sql-and-pandas",
        "title": "Data analysis with SQL and pandas",
        "summary": "Answer real business questions with SQL, pandas and clear charts, at your own pace.",
        "category": "data-and-cloud",
        "level": "intermediate",
        "delivery_format": "self_paced",
        "duration": "8 weeks",
        "schedule": "Study when it suits you; weekly office hours online",
        "certificate": True,
        "audience": "Analysts, marketers and developers who work with spreadsheets and want more.",
        "price": "249",
        "featured": False,
        "instructors": ["Tomasz Wójcik"],
        "about": [
            *section(
                "What you will do",
                "You take three messy data sets and turn each into a short report that a manager can act on.",
            ),
        ],
        "curriculum": [
            module(
                "Querying",
                "SQL from SELECT to window functions.",
                ("Filtering and joining", 60),
                ("Window functions", 75),
            ),
            module("Wrangling", "pandas for cleaning and reshaping.", ("DataFrames", 60), ("Group and pivot", 60)),
        ],
        "learning_outcomes": ["Write readable SQL for reporting", "Clean and reshape data with pandas"],
        "prerequisites": ["Basic Python or another programming language"],
        "reviews": 0,
    },
    {
        "slug": "cloud-infrastructure-with-kubernetes",
        "title": "Cloud infrastructure with Kubernetes",
        "summary": "Run resilient services on Kubernetes: deployments, networking, observability and cost.",
        "category": "data-and-cloud",
        "level": "advanced",
        "delivery_format": "hybrid",
        "duration": "10 weeks",
        "schedule": "Online evenings with two weekend workshops on campus",
        "certificate": True,
        "audience": "Developers and operations engineers who already deploy software.",
        "price": "899",
        "featured": True,
        "instructors": ["Amara Okafor", "Priya Raman"],
        "about": [
            *section(
                "Beyond hello world",
                "Clusters are easy to start and hard to run. This course spends its time on the hard part: "
                "upgrades, failures, limits and bills.",
            ),
        ],
        "curriculum": [
            module("Workloads", "", ("Pods and deployments", 60), ("Config and secrets", 60)),
            module("Operations", "", ("Monitoring and alerts", 90), ("Upgrades without downtime", 90)),
        ],
        "learning_outcomes": ["Operate a production cluster", "Keep cloud spending under control"],
        "prerequisites": ["Experience with Linux and containers"],
        "reviews": 3,
    },
    {
        "slug": "web-foundations-html-css-javascript",
        "title": "Web foundations: HTML, CSS and JavaScript",
        "summary": "Make accessible, responsive web pages from scratch in a friendly classroom setting.",
        "category": "software-development",
        "level": "beginner",
        "delivery_format": "in_person",
        "duration": "6 weeks",
        "schedule": "Saturday mornings on campus",
        "certificate": False,
        "audience": "Complete beginners curious about how the web works.",
        "price": "199",
        "featured": False,
        "instructors": ["Priya Raman"],
        "about": [*section("Start here", "No experience needed: bring a laptop and your curiosity.")],
        "curriculum": [module("The page", "", ("Semantic HTML", 60), ("Layouts with CSS grid", 90))],
        "learning_outcomes": ["Build an accessible page that works on any screen"],
        "prerequisites": [],
        "reviews": 2,
    },
]

REVIEW_TEXTS = [
    (5, "Worth every evening", "The weekly project reviews taught me more than any tutorial I had tried."),
    (5, "Clear and practical", "Every class ended with something working on my own machine."),
    (4, "Great mentors", "Feedback on pull requests was quick and kind. Some labs ran a little long."),
    (5, "", "I had never written a test before; now I write them first."),
    (4, "Solid foundations", "The Django module was excellent. I would have liked more time on deployment."),
    (3, "Good but fast", "The pace in the last month was hard to keep up with alongside a full-time job."),
    (5, "Got my first job", "I showed my final project in interviews and it made all the difference."),
    (4, "", "Well organised, friendly classmates and recordings when I missed a class."),
]

# The institute's answers: (to the lowest-rated review of a course, to its best).
REPLIES = (
    "Thank you for saying so plainly. From the next batch the last month has a catch-up week and recorded "
    "labs, so that students with full-time jobs can keep pace. Write to us if you would like to join it.",
    "Thank you! Our mentors will be glad to read this.",
)
REPLY_SIGNATURE = ("Priya Raman", "Head of admissions")
REPORT_REASONS = ["spam", "off_topic", "spam"]  # three reports: the review waits for a moderator
