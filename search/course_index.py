"""Writing the course index: one course's document, and rebuilds behind the alias.

Every index is named ALIAS-<timestamp>; searches and single-course updates go through the alias,
so a rebuild fills a new index while the old one still answers, then switches in one request.
"""

from contextlib import suppress

from django.utils import timezone
from elasticsearch import NotFoundError
from elasticsearch.helpers import bulk

from search.courses import ALIAS, CourseDocument, client, document, indexable_courses

BATCH = 200


def new_index_name():
    return f"{ALIAS}-{timezone.now():%Y%m%d%H%M%S%f}"


def create_index(name):
    CourseDocument._index.clone(name=name).create(using=client())
    return name


def ensure_index():
    """The alias, pointing at an empty new index if there was none (so that nothing auto-creates a bare index)."""
    if not client().indices.exists_alias(name=ALIAS):
        switch_alias(create_index(new_index_name()))


def sync_course(page_id):
    """Index the course as it is now, or delete its document if it is gone, unpublished or private."""
    ensure_index()
    course = indexable_courses().filter(pk=page_id).first()
    if course is None:
        with suppress(NotFoundError):
            client().delete(index=ALIAS, id=page_id)
        return "deleted"
    document(course).save(using=client(), index=ALIAS)
    return "indexed"


def switch_alias(name):
    """Point the alias at `name` only, in one atomic request, then delete the indices it left."""
    es = client()
    old = set(es.indices.get_alias(name=ALIAS)) if es.indices.exists_alias(name=ALIAS) else set()
    actions = [{"remove": {"index": index, "alias": ALIAS}} for index in old]
    if es.indices.exists(index=ALIAS) and not es.indices.exists_alias(name=ALIAS):
        # A bare index with the alias's name (created by a write before any rebuild) is replaced.
        actions.append({"remove_index": {"index": ALIAS}})
    actions.append({"add": {"index": name, "alias": ALIAS}})
    es.indices.update_aliases(actions=actions)
    for index in old - {name}:
        es.indices.delete(index=index, ignore_unavailable=True)


def rebuild(progress=None):
    """A new index with every live course, then the alias switched to it. Returns (index name, count)."""
    name = create_index(new_index_name())
    courses = indexable_courses()
    total, done = courses.count(), 0

    def actions():
        nonlocal done
        for course in courses.iterator(chunk_size=BATCH):
            done += 1
            if progress:
                progress(done, total)
            yield document(course).to_dict(include_meta=True) | {"_index": name}

    bulk(client(), actions(), chunk_size=BATCH, refresh="wait_for")
    switch_alias(name)
    return name, done
