"""The words of the demo blog: authors, categories and five posts of a fictional institute, written for Lectern."""

import datetime

AUTHORS = {
    "Maya Okafor": (
        "Backend instructor",
        "Maya has built payment and booking systems in Python for twelve years and "
        "now teaches the institute's backend track.",
    ),
    "Tomás Reyes": (
        "Head of curriculum",
        "Tomás plans what the institute teaches and talks to employers about what they look for in junior developers.",
    ),
    "Lena Fischer": (
        "DevOps mentor",
        "Lena runs the institute's lab servers and helps students ship their projects to the cloud.",
    ),
}
CATEGORIES = {"backend": "Backend", "careers": "Careers", "learning": "Learning", "operations": "Operations"}

# Python as a backend language, in the section structure of the third seed page.
BACKEND_SECTIONS = [
    (
        "Introduction",
        "The backend is the half of an application nobody sees: it keeps the data, applies the rules, "
        "checks who is asking and answers the screens that people do see. Python has become a favourite language for "
        "that work, and this article walks through why, and through what a Python backend is made of.",
    ),
    (
        "Why Python suits the backend",
        "Python code reads almost like a description of what it does, so teams spend "
        "less time deciphering each other's work. Its package index has a ready answer for databases, queues, "
        "payments and e-mail, and the language runs both classic request-per-thread code and modern async code.",
    ),
    (
        "Frameworks worth knowing",
        "Django arrives with an ORM, migrations, an admin and user accounts, which makes it "
        "the quickest road from idea to working product. Flask gives you a small core and lets you choose every other "
        "piece. FastAPI builds request validation and interactive API documentation from ordinary type hints.",
    ),
    (
        "How the pieces fit together",
        "A request first meets a web server or gateway, which hands it to the "
        "application. The application runs the business rules and talks to a database, relational like PostgreSQL or "
        "a document store when the data has no fixed shape. A cache keeps hot answers close, a task queue takes slow "
        "jobs off the request, and a load balancer spreads visitors over several copies of the app.",
    ),
    (
        "Choosing an API style",
        "Most backends publish a REST API: resources with URLs and the usual verbs to list, "
        "read, change and remove them. GraphQL lets a client ask for exactly the fields a screen needs in one round "
        "trip. Between internal services, gRPC trades readability for compact binary messages and speed.",
    ),
    (
        "Keeping it secure",
        "Serve everything over HTTPS. Pick one way to prove identity, such as sessions, tokens or "
        "OAuth2, and use it everywhere. Treat every input as hostile until validated, store only salted password "
        "hashes, keep secrets in the environment rather than the repository, and rate-limit anything a robot would "
        "love to hammer.",
    ),
    (
        "Performance and growth",
        "Async views let one process wait on many slow network calls at once. Caching and "
        "well-indexed queries remove most slowness before it is noticed. When one machine is no longer enough, run "
        "more identical copies behind a load balancer and move heavy work to background workers.",
    ),
    (
        "Shipping to production",
        "Containers make the laptop, the test server and production behave the same. A "
        "pipeline runs the tests and deploys on every merge, a process manager or orchestrator keeps the right "
        "number of copies running, and monitoring tells you about trouble before your users do.",
    ),
    (
        "Testing as a habit",
        "Unit tests pin down single functions; integration tests prove that the view, the "
        "database and the template agree with each other. Run both in the pipeline so no change reaches users "
        "untested.",
    ),
    (
        "Conclusion",
        "Python will not write your backend for you, but it removes a great deal of friction. Pair it "
        "with sound architecture, careful security, tests and a repeatable deployment and you have a service that "
        "can grow from a weekend prototype into something a business depends on.",
    ),
]

POSTS = [
    {
        "slug": "why-python-for-the-backend",
        "title": "Why Python keeps winning on the backend",
        "date": datetime.date(2026, 10, 28),
        "intro": "Frameworks, architecture, APIs, security, scale, deployment and testing: a tour of what a Python "
        "backend is made of.",
        "authors": ["Maya Okafor"],
        "categories": ["backend"],
        "tags": ["Python", "Django", "APIs"],
        "sections": BACKEND_SECTIONS,
        "top": 1,
    },
    {
        "slug": "first-year-as-a-junior-developer",
        "title": "What employers want from a junior developer",
        "date": datetime.date(2026, 11, 9),
        "intro": "We asked twenty hiring managers what makes them say yes. Few of the answers were about languages.",
        "authors": ["Tomás Reyes"],
        "categories": ["careers"],
        "tags": ["Careers", "Python"],
        "sections": [
            (
                "Reading code comes first",
                "Most of a junior's first months go into reading code other people wrote. "
                "Managers value candidates who can find their way around an unfamiliar project and ask precise "
                "questions about it.",
            ),
            (
                "Small, finished projects",
                "One small project that is deployed, tested and documented says more than "
                "five half-built clones of famous apps.",
            ),
            (
                "Writing clearly",
                "Pull request descriptions, bug reports and commit messages are read by the whole "
                "team. Clear writing was named more often than any framework.",
            ),
        ],
        "top": 0,
    },
    {
        "slug": "deploying-django-with-containers",
        "title": "Deploying a Django project with containers",
        "date": datetime.date(2026, 9, 30),
        "intro": "From a working laptop to a repeatable production set-up: images, settings from the environment "
        "and health checks.",
        "authors": ["Lena Fischer", "Maya Okafor"],
        "categories": ["operations", "backend"],
        "tags": ["Django", "Deployment", "Docker"],
        "sections": [
            (
                "One image, every environment",
                "Build a single image and run it everywhere, changing only environment "
                "variables. What you tested is then exactly what you ship.",
            ),
            (
                "Settings that fail early",
                "A missing secret key or a malformed database URL should stop the process "
                "at start-up with a clear message, not at the first request.",
            ),
            (
                "Health and logs",
                "Give the orchestrator a cheap health endpoint and write logs to standard output, "
                "where the platform collects them.",
            ),
        ],
        "top": 0,
    },
    {
        "slug": "learning-to-code-in-short-sessions",
        "title": "Learning to code in short, regular sessions",
        "date": datetime.date(2026, 8, 14),
        "intro": "Forty-five focused minutes a day beat a whole weekend every month. Here is how our students plan "
        "their week.",
        "authors": ["Tomás Reyes", "Lena Fischer"],
        "categories": ["learning"],
        "tags": ["Study tips", "Careers"],
        "sections": [
            (
                "Little and often",
                "Memory rewards repetition. Short daily sessions bring yesterday's material back "
                "before it fades, so each session starts further ahead.",
            ),
            (
                "End on an easy task",
                "Stop while you still know the next step and write it down. Starting tomorrow is "
                "then a matter of minutes, not of motivation.",
            ),
        ],
        "top": 2,
    },
    {
        "slug": "designing-a-rest-api-students-can-use",
        "title": "Designing a REST API your front-end colleagues will like",
        "date": datetime.date(2026, 7, 2),
        "intro": "Predictable URLs, honest status codes and errors that explain themselves.",
        "authors": ["Maya Okafor"],
        "categories": ["backend"],
        "tags": ["APIs", "Python"],
        "sections": [
            (
                "Nouns in the URL, verbs in the method",
                "Name resources, not actions, and let GET, POST, PATCH and DELETE say what happens to them.",
            ),
            (
                "Errors are part of the interface",
                "Return the right status code and a body that names the field "
                "and the problem, so the form can show it next to the input.",
            ),
        ],
        "top": 0,
    },
]
