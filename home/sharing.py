"""Share links for any page: built on the server, so they work without JavaScript and send nothing to
the networks until a visitor clicks one."""

from urllib.parse import quote, urlencode


def share_links(url, title):
    text = quote(title)
    link = quote(url, safe="")
    return [
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={link}"),
        ("X", f"https://x.com/intent/post?url={link}&text={text}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={link}"),
        ("WhatsApp", f"https://wa.me/?text={quote(title + ' ' + url)}"),
        ("Email", "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
    ]
