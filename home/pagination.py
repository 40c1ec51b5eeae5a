"""Page numbers from the query string, the same way for every list on the site."""


def page_number(value: object, last: int) -> int:
    """The page asked for, within 1..last: not a whole number or below the range → 1, beyond it → last."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(last, 1))
