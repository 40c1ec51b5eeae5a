"""More of the demo institute's catalogue: two more categories, four instructors, nine courses, and the
names of the students who review them. Data only, in demo_content's shape."""

from home.demo_kit import section
from learning.demo_content import module

MORE_CATEGORIES = {"design-and-product": "Design and product", "security-and-networks": "Security and networks"}

MORE_INSTRUCTORS = {
    "Lena Fischer": ("Product designer", "Has run design research for banking and public-sector apps."),
    "Rahul Menon": ("Security engineer", "Leads incident response drills and writes the runbooks teams actually use."),
    "Sofia Alves": ("Engineering manager", "Grew two product teams from five people to forty."),
    "Kwame Mensah": ("Network engineer", "Designs campus and branch networks, and the monitoring behind them."),
}


def course(slug, title, summary, category, level, delivery_format, duration, schedule, price, instructors, **rest):
    """A course in demo_content's shape, with the fields every course shares filled in."""
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "category": category,
        "level": level,
        "delivery_format": delivery_format,
        "duration": duration,
        "schedule": schedule,
        "certificate": rest.get("certificate", True),
        "audience": rest["audience"],
        "price": price,
        "featured": False,
        "instructors": instructors,
        "about": rest["about"],
        "curriculum": rest["curriculum"],
        "learning_outcomes": rest["outcomes"],
        "prerequisites": rest["prerequisites"],
        "reviews": rest["reviews"],
    }


MORE_COURSES = [
    course(
        "testing-python-applications",
        "Testing Python applications",
        "Write fast, trustworthy tests with pytest, from the first assertion to a suite your team relies on.",
        "software-development",
        "intermediate",
        "live_online",
        "6 weeks",
        "Wednesday evenings, 6:30–8:30 pm",
        "380",
        ["Priya Raman"],
        audience="Developers who write Python at work and want to change code without fear.",
        about=[
            *section(
                "Why tests",
                "Tests are how a team keeps its promises to users while the code keeps changing. "
                "You learn to write the tests that catch real bugs and skip the ones that only slow you down.",
            ),
            *section(
                "How it runs",
                "Six live sessions, each followed by a kata you finish at home; a mentor reviews every submission.",
            ),
        ],
        curriculum=[
            module(
                "pytest basics", "Assertions, fixtures and parametrised tests.", ("First tests", 60), ("Fixtures", 90)
            ),
            module("Testing with a database", "", ("Transactions and factories", 90), ("Speed", 60)),
            module("Testing the edges", "Time, randomness and the network.", ("Clocks", 45), ("HTTP", 75)),
        ],
        outcomes=["Structure a test suite", "Test code that talks to a database", "Keep a suite under a minute"],
        prerequisites=["Comfortable writing Python functions and classes"],
        reviews=9,
    ),
    course(
        "engineering-leadership-essentials",
        "Engineering leadership essentials",
        "For new tech leads: run planning, reviews and one-to-ones, and keep shipping while you do.",
        "design-and-product",
        "advanced",
        "live_online",
        "8 weeks",
        "Thursday lunchtimes, 12:30–1:30 pm",
        "950",
        ["Sofia Alves"],
        certificate=False,
        audience="Engineers who lead a team for the first time, or will soon.",
        about=[
            *section(
                "What changes when you lead",
                "Your output becomes the team's output. This course covers the habits that make that "
                "true: clear priorities, honest feedback and decisions written down.",
            ),
            *section("Format", "Small groups of twelve, with a case from a real team each week."),
        ],
        curriculum=[
            module("Priorities", "", ("Planning a quarter", 60), ("Saying no", 45)),
            module("People", "One-to-ones and feedback.", ("One-to-ones", 60), ("Hard conversations", 60)),
            module("Delivery", "", ("Estimates", 45), ("Incidents and reviews", 60)),
        ],
        outcomes=["Plan a quarter with your team", "Run useful one-to-ones", "Lead a blameless review"],
        prerequisites=["Two years or more on a software team"],
        reviews=5,
    ),
    course(
        "data-pipelines-with-airflow",
        "Data pipelines with Airflow",
        "Schedule, monitor and recover the jobs that move your data, with Apache Airflow and plain Python.",
        "data-and-cloud",
        "intermediate",
        "hybrid",
        "10 weeks",
        "Saturdays, 10 am–1 pm (campus or online)",
        "720",
        ["Tomasz Wójcik"],
        audience="Analysts and engineers who run data jobs by hand or with cron today.",
        about=[
            *section(
                "From cron to pipelines",
                "A job that fails at 3 am should retry, alert someone and be easy to rerun. "
                "You build pipelines that do, and learn what to watch once they run.",
            ),
            *section("Your project", "You move a real public dataset from source to dashboard, on a schedule."),
        ],
        curriculum=[
            module("DAGs and tasks", "", ("Your first DAG", 90), ("Dependencies", 60), ("Sensors", 60)),
            module("Reliability", "Retries, backfills and idempotent tasks.", ("Retries", 60), ("Backfills", 90)),
            module("Operating Airflow", "", ("Monitoring", 60), ("Upgrades", 45)),
        ],
        outcomes=["Design idempotent tasks", "Backfill a month of data safely", "Alert on what matters"],
        prerequisites=["SQL and basic Python", "A laptop that can run Docker"],
        reviews=7,
    ),
    course(
        "machine-learning-foundations",
        "Machine learning foundations",
        "The ideas behind the models: regression, classification and evaluation, taught with scikit-learn.",
        "data-and-cloud",
        "beginner",
        "self_paced",
        "12 weeks at your own pace",
        "Weekly mentor call, Mondays 6 pm",
        "0",
        ["Tomasz Wójcik"],
        audience="Anyone with some Python who wants to understand what a model does and when to trust one.",
        about=[
            *section(
                "Understand before you tune",
                "Each idea starts with a picture and a small dataset, then the code. "
                "You learn to ask whether a model is any good before asking how to improve it.",
            ),
        ],
        curriculum=[
            module("Regression", "", ("Lines and errors", 60), ("Overfitting", 60)),
            module("Classification", "", ("Logistic regression", 75), ("Trees", 75)),
            module("Evaluation", "Splits, metrics and honest comparisons.", ("Cross-validation", 60), ("Metrics", 60)),
        ],
        outcomes=["Train and compare simple models", "Spot overfitting", "Choose a metric that fits the problem"],
        prerequisites=["Basic Python"],
        reviews=14,
    ),
    course(
        "ux-research-in-practice",
        "UX research in practice",
        "Plan interviews and usability tests, turn notes into findings, and get teams to act on them.",
        "design-and-product",
        "beginner",
        "in_person",
        "5 weeks",
        "Tuesdays, 6–9 pm",
        "540",
        ["Lena Fischer"],
        audience="Designers, product managers and developers who want evidence rather than opinions.",
        about=[
            *section(
                "Talk to users, well",
                "Good research asks about what people did, not what they would do. "
                "You practise with volunteers from the first week.",
            ),
            *section("On campus", "Sessions run in our research lab, with recording kit you can borrow."),
        ],
        curriculum=[
            module("Planning", "", ("Research questions", 60), ("Recruiting", 45)),
            module("Fieldwork", "Interviews and usability tests.", ("Interviewing", 120), ("Usability tests", 120)),
            module("Synthesis", "", ("Affinity mapping", 90), ("Reporting", 60)),
        ],
        outcomes=["Write a research plan", "Run an interview without leading questions", "Present findings"],
        prerequisites=[],
        reviews=8,
    ),
    course(
        "product-management-fundamentals",
        "Product management fundamentals",
        "Discovery, roadmaps and metrics: how product managers decide what to build next and why.",
        "design-and-product",
        "intermediate",
        "live_online",
        "8 weeks",
        "Monday and Wednesday evenings, 7–8:30 pm",
        "690",
        ["Sofia Alves", "Lena Fischer"],
        audience="New product managers, and engineers or designers moving into product.",
        about=[
            *section(
                "Decide with evidence",
                "A roadmap is a set of bets. You learn to size them, test the riskiest first, "
                "and measure whether they paid off.",
            ),
        ],
        curriculum=[
            module("Discovery", "", ("Problem interviews", 60), ("Opportunity trees", 60)),
            module("Delivery", "", ("Roadmaps", 60), ("Working with engineering", 45)),
            module("Measurement", "", ("North-star metrics", 60), ("Experiments", 75)),
        ],
        outcomes=["Frame a problem worth solving", "Build an outcome-based roadmap", "Read an A/B test"],
        prerequisites=["Some experience on a product team"],
        reviews=6,
    ),
    course(
        "accessible-interface-design",
        "Accessible interface design",
        "Design and build interfaces everyone can use, checked against WCAG 2.2 with real assistive technology.",
        "design-and-product",
        "intermediate",
        "live_online",
        "4 weeks",
        "Friday mornings, 9:30–11:30 am",
        "320",
        ["Lena Fischer"],
        audience="Designers and front-end developers who ship interfaces to the public.",
        about=[
            *section(
                "Beyond the checklist",
                "You use a screen reader, keyboard-only navigation and zoom on your own work, "
                "then fix what you find. The standard makes sense once you have felt the problems.",
            ),
        ],
        curriculum=[
            module("Perceivable", "", ("Contrast and text", 60), ("Images and media", 45)),
            module("Operable", "", ("Keyboard", 60), ("Focus", 45)),
            module("Robust", "Semantics and testing.", ("ARIA, sparingly", 60), ("Testing", 60)),
        ],
        outcomes=["Audit a page against WCAG 2.2", "Fix keyboard traps", "Write useful alt text"],
        prerequisites=["HTML and CSS basics"],
        reviews=4,
    ),
    course(
        "secure-web-development",
        "Secure web development",
        "Find and fix the vulnerabilities attackers look for first, in code you write every day.",
        "security-and-networks",
        "advanced",
        "live_online",
        "6 weeks",
        "Tuesday and Thursday evenings, 7–9 pm",
        "1150",
        ["Rahul Menon"],
        audience="Web developers responsible for code that handles logins, payments or personal data.",
        about=[
            *section(
                "Think like an attacker",
                "Each week you break a deliberately vulnerable app, then fix it and write the test "
                "that keeps it fixed.",
            ),
            *section("Capstone", "A threat model and security review of a project of your choice."),
        ],
        curriculum=[
            module("Injection", "", ("SQL injection", 90), ("Templates and XSS", 90)),
            module("Identity", "", ("Sessions and cookies", 60), ("Password storage", 45), ("MFA", 45)),
            module("Operations", "", ("Secrets", 45), ("Logging and alerts", 60)),
        ],
        outcomes=["Threat-model a feature", "Fix the OWASP Top 10 in your stack", "Review code for security"],
        prerequisites=["Two years building web applications", "Comfort with HTTP and cookies"],
        reviews=3,
    ),
    course(
        "networking-essentials",
        "Networking essentials",
        "How data really gets from A to B: addressing, routing, DNS and the tools to troubleshoot them.",
        "security-and-networks",
        "beginner",
        "in_person",
        "6 weeks",
        "Monday evenings, 6–9 pm, in the network lab",
        "0",
        ["Kwame Mensah"],
        audience="Support staff, junior administrators and developers who want to debug the network themselves.",
        about=[
            *section(
                "Hands on the kit",
                "Every session is in the lab, with switches and routers you configure yourself. "
                "You finish able to explain and fix the problems that fill a help-desk queue.",
            ),
        ],
        curriculum=[
            module("Addressing", "", ("IPv4 and subnets", 120), ("IPv6", 60)),
            module("Moving packets", "", ("Switching", 90), ("Routing", 90)),
            module("Services", "DNS, DHCP and troubleshooting.", ("DNS", 60), ("Troubleshooting", 120)),
        ],
        outcomes=["Subnet a network", "Trace a packet's path", "Diagnose DNS problems"],
        prerequisites=[],
        reviews=10,
    ),
]

REVIEWER_NAMES = [
    ("Aisha", "Bello"),
    ("Ben", "Carter"),
    ("Chen", "Wei"),
    ("Daniela", "Rossi"),
    ("Eamon", "Byrne"),
    ("Fatima", "Zahra"),
    ("Georg", "Lindqvist"),
    ("Hana", "Sato"),
    ("Ibrahim", "Khan"),
    ("Julia", "Nowak"),
    ("Kofi", "Asante"),
    ("Laura", "Gómez"),
    ("Mohammed", "Haddad"),
    ("Nia", "Roberts"),
    ("Oliver", "Smith"),
    ("Priyanka", "Iyer"),
    ("Quentin", "Moreau"),
    ("Rosa", "Ferreira"),
    ("Samuel", "Adeyemi"),
    ("Tara", "Walsh"),
    ("Umar", "Farooq"),
    ("Vera", "Petrova"),
    ("William", "Ng"),
    ("Yara", "Haddad"),
]

# Reviews for courses without code in them (demo_content's mention Django and pull requests).
GENERAL_REVIEW_TEXTS = [
    (5, "Changed how I work", "I used the week's ideas at work the very next morning."),
    (4, "Useful and well paced", "Each session built on the last. A few exercises needed more time."),
    (5, "", "The instructor answered every question, even the ones that went off topic."),
    (3, "Good content, long evenings", "Three hours after a working day was a lot, but the material was solid."),
    (5, "Real examples", "Case studies from real teams made it stick far better than slides would."),
    (4, "", "Friendly group and honest feedback on my project."),
    (4, "Practical", "Hands-on from the first session; I would have liked one more session at the end."),
    (5, "Worth it", "Clear, well organised, and the notes are good enough to keep."),
]
