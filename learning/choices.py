"""The fixed choices of course fields, shared by courses, cohorts and the catalogue."""

LEVELS = [("beginner", "Beginner"), ("intermediate", "Intermediate"), ("advanced", "Advanced")]
FORMATS = [
    ("live_online", "Live online"),
    ("self_paced", "Self-paced"),
    ("in_person", "In person"),
    ("hybrid", "Hybrid"),
]
CURRENCIES = [("GBP", "£"), ("EUR", "€"), ("USD", "$"), ("INR", "₹")]
