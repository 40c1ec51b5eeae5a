"""Helpers for tests against a real Elasticsearch."""


def delete_everything_under(es, prefix):
    """Delete the indices and the synonyms set named with `prefix`, by name: Elasticsearch 8 refuses
    wildcard deletes (action.destructive_requires_name), though listing by wildcard is fine."""
    names = sorted(es.indices.get(index=f"{prefix}*", expand_wildcards="all"))
    if names:
        es.indices.delete(index=",".join(names))
    es.options(ignore_status=404).synonyms.delete_synonym(id=f"{prefix}synonyms")


def refresh(es, prefix):
    """Make what was written searchable now (Elasticsearch refreshes every second on its own)."""
    es.indices.refresh(index=f"{prefix}*")
