"""The words of the demo glossary: a dozen terms of a fictional institute that link to each other."""

from home.demo_kit import rich, section


def p(*paragraphs):
    return [("paragraph", rich(*paragraphs))]


# title → (aliases, short definition, body, related term titles)
TERMS = {
    "Python backend development": (
        "Python back end",
        "Writing the server side of web applications in Python: the code that receives requests, applies the "
        "rules of the business and stores the data.",
        [
            *section(
                "Definition",
                "The backend is everything a visitor of a web application never sees: the program on the server "
                "that answers requests, checks who is asking, reads and writes the database and hands the browser "
                "what it needs. Python backend development means building that program in Python, usually on top "
                "of a framework such as Django or Flask.",
            ),
            *section(
                "Overview",
                "A typical request travels through a web server, a WSGI or ASGI interface, the framework's routing "
                "and finally a view written by the team. The view talks to the database through an ORM, may answer "
                "from a cache, and hands slow jobs such as sending email to a task queue like Celery.",
                "Most of the craft lies in keeping that path short, predictable and easy to test.",
            ),
            *section(
                "Advantages",
                "Python reads almost like prose, so a team spends less time deciphering code and more time "
                "changing it. The standard library and the package index cover nearly every chore, from parsing "
                "dates to talking to payment providers.",
                "Mature frameworks bring authentication, an admin interface, migrations and protection against "
                "common attacks out of the box, which shortens the road from idea to first release.",
            ),
            *section(
                "Applications",
                "Online shops, booking systems, learning portals, internal dashboards and the REST APIs behind "
                "mobile apps are all common homes for a Python backend. Data-heavy products benefit in particular, "
                "since the same language serves the website and the analysis behind it.",
            ),
            *section(
                "Conclusion",
                "Python backend development combines a friendly language with dependable tools. Learners who "
                "master one framework, the database underneath it and a few supporting services such as caching "
                "and background tasks can build most of what a modern web product needs.",
            ),
        ],
        ["Python", "Django", "REST", "Object-relational mapping"],
    ),
    "Python": (
        "",
        "A general-purpose programming language known for readable code and a very large ecosystem of libraries.",
        p(
            "Python was designed so that programs are easy to read aloud. Indentation marks the structure, the "
            "syntax avoids punctuation where words will do, and the standard library comes with batteries included.",
            "On the web it powers frameworks such as Django; elsewhere it runs data analysis, automation scripts "
            "and machine learning.",
        ),
        ["Python backend development", "Django"],
    ),
    "Django": (
        "",
        "A Python web framework that bundles an ORM, templates, forms, authentication and an admin interface.",
        p(
            "Django follows a simple rule: common web tasks should need little code. A project describes its data "
            "as models, and the object-relational mapping turns them into tables and queries.",
            "Django applications are served through WSGI or ASGI and often pair with Celery for background work.",
        ),
        ["Python", "Object-relational mapping", "WSGI"],
    ),
    "REST": (
        "Representational State Transfer",
        "An architectural style for web APIs in which clients work with resources at URLs through standard HTTP "
        "methods.",
        p(
            "In a REST API every thing the client can work with, say a course or an enrolment, has its own URL. "
            "The client reads it with GET, creates with POST, changes with PUT or PATCH and removes with DELETE.",
            "Responses are usually JSON, and each request carries everything the server needs, for example a "
            "JSON Web Token proving who is calling.",
        ),
        ["JSON Web Token", "Python backend development"],
    ),
    "Object-relational mapping": (
        "ORM",
        "A technique that lets code work with database rows as ordinary objects instead of writing SQL by hand.",
        p(
            "With an ORM a developer describes a table once, as a class, and then filters, creates and updates "
            "records through method calls. The library writes the SQL and converts the results back into objects.",
            "The convenience has a price worth knowing: careless loops can send hundreds of small queries where "
            "one would do, which is why good ORMs offer ways to fetch related data in bulk.",
        ),
        ["Django", "Caching"],
    ),
    "Celery": (
        "",
        "A Python task queue that runs slow or scheduled work in background worker processes.",
        p(
            "Some jobs should not keep a visitor waiting: sending a confirmation email, resizing an image or "
            "rebuilding a search index. The web process puts such a job on a queue held by a broker such as Redis, "
            "and a Celery worker picks it up and runs it.",
            "Celery also runs periodic tasks, which replaces many a cron job in Django projects.",
        ),
        ["Django", "Python backend development"],
    ),
    "WSGI": (
        "Web Server Gateway Interface",
        "The standard interface between Python web applications and the web servers that run them.",
        p(
            "WSGI defines one small calling convention: the server calls the application with the details of a "
            "request and a function for starting the response. Thanks to it, any compliant framework runs on any "
            "compliant server, such as Gunicorn or uWSGI.",
            "Its asynchronous successor, ASGI, adds support for long-lived connections like WebSockets.",
        ),
        ["Django", "Python backend development"],
    ),
    "Elasticsearch": (
        "",
        "A distributed search engine that indexes documents and answers full-text queries in milliseconds.",
        p(
            "Elasticsearch keeps an inverted index: for every word, the list of documents that contain it. That "
            "makes searching millions of pages fast and lets results be ranked by relevance, filtered and grouped.",
            "Content sites often keep their data in a relational database and copy what should be searchable into "
            "Elasticsearch.",
        ),
        ["Caching"],
    ),
    "JSON Web Token": (
        "JWT",
        "A compact, signed token that carries claims about a user, often used to authenticate API requests.",
        p(
            "A JWT has three parts separated by dots: a header, a payload of claims such as the user's id and an "
            "expiry time, and a signature. The server can check the signature without looking anything up, which "
            "suits REST APIs served by many machines.",
            "The payload is encoded, not encrypted, so it must never hold secrets.",
        ),
        ["REST"],
    ),
    "Caching": (
        "cache",
        "Keeping the result of expensive work for a while so that the next request can reuse it.",
        p(
            "A cache trades memory for speed. Rendering a page fragment, running a heavy database query or calling "
            "a remote service once and reusing the answer can turn seconds into milliseconds.",
            "The hard part is invalidation: deciding when a stored answer is no longer true. Stores such as Redis "
            "or Memcached hold the entries; the application decides what to keep and for how long.",
        ),
        ["Object-relational mapping", "Elasticsearch"],
    ),
    "12-factor app": (
        "twelve-factor app",
        "A set of twelve practices for building web services that are easy to deploy, configure and scale.",
        p(
            "The twelve factors ask, among other things, that configuration live in environment variables, that "
            "processes keep no state of their own and that logs be written as plain streams of events.",
            "Applications built this way move between a laptop, a test server and production without code changes.",
        ),
        ["Python backend development", "Celery"],
    ),
}
