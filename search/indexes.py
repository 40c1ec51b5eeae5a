"""Search indexes of the domain apps' own, rebuilt by `manage.py rebuild_search_indexes`.

An app registers a rebuild function when it starts; the command calls each after Wagtail's
site search with itself (for progress bars) and prints what it returns.
"""

_rebuilders = []


def register(label, rebuild):
    _rebuilders.append((label, rebuild))


def rebuilders():
    return list(_rebuilders)
