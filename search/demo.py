"""Demo tuning of search: synonyms an institute would add, and courses ahead of other results.

Idempotent: only settings nobody has written yet are filled in.
"""

from search.models import SearchSettings, TypeBoost

SYNONYMS = """\
k8s, kubernetes
js, javascript
postgres, postgresql
ml, machine learning
"""
COURSE_BOOST = 2


def load():
    saved = SearchSettings.objects.first() or SearchSettings.objects.create()
    created = []
    if not saved.synonyms.strip():
        saved.synonyms = SYNONYMS
        saved.save()  # with Elasticsearch, this also queues the synonyms set's update
        created.append(f"{len(SYNONYMS.splitlines())} synonym groups")
    if not TypeBoost.objects.filter(settings=saved).exists():
        TypeBoost.objects.create(settings=saved, result_type="course", boost=COURSE_BOOST)
        created.append("a boost for courses")
    return created
