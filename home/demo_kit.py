"""What every app's demo content is made with: rich text and sections for StreamFields, and
illustrations drawn with Pillow so that no image files are shipped.

Each app keeps the same shape: `<app>/demo_content.py` holds the words (data only) and
`<app>/demo.py` its idempotent load(), which `manage.py load_demo_content` runs.
"""

import random
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as Canvas
from PIL import ImageDraw
from wagtail.images.models import Image


def rich(*paragraphs):
    """Rich text of one paragraph per argument."""
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def section(title, *paragraphs):
    """A heading and its paragraphs, as StreamField blocks."""
    return [("heading", {"text": title, "level": "h2"}), ("paragraph", rich(*paragraphs))]


PALETTES = [
    ((11, 61, 110), (11, 92, 173), [(242, 183, 5), (94, 196, 182), (236, 112, 99), (175, 198, 233)]),
    ((24, 48, 40), (36, 110, 84), [(250, 204, 21), (134, 239, 172), (248, 250, 252), (96, 165, 250)]),
    ((59, 31, 84), (110, 58, 150), [(253, 186, 116), (196, 181, 253), (125, 211, 252), (254, 240, 138)]),
]


def code_window(title, seed=0, size=(1200, 800)):
    """A Wagtail image of an editor window full of code-like bars; found by title when it exists."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(seed)
    top, bottom, inks = PALETTES[seed % len(PALETTES)]
    width, height = size
    canvas = Canvas.new("RGB", size)
    draw = ImageDraw.Draw(canvas)
    for y in range(height):
        mix = y / height
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    window = (width * 0.1, height * 0.12, width * 0.9, height * 0.88)
    draw.rounded_rectangle(window, radius=24, fill=(22, 27, 34))
    draw.rounded_rectangle((window[0], window[1], window[2], window[1] + 56), radius=24, fill=(45, 51, 59))
    draw.rectangle((window[0], window[1] + 32, window[2], window[1] + 56), fill=(45, 51, 59))
    for index, colour in enumerate([(255, 95, 86), (255, 189, 46), (39, 201, 63)]):
        x = window[0] + 32 + index * 30
        draw.ellipse((x, window[1] + 20, x + 16, window[1] + 36), fill=colour)
    y = window[1] + 90
    while y < window[3] - 50:
        x = window[0] + 48 + rng.choice([0, 0, 40, 80])
        for _ in range(rng.randint(1, 4)):
            length = rng.randint(40, 180)
            if x + length > window[2] - 40:
                break
            draw.rounded_rectangle((x, y, x + length, y + 14), radius=7, fill=rng.choice(inks))
            x += length + 16
        y += 34
    buffer = BytesIO()
    canvas.save(buffer, "PNG", optimize=True)
    filename = f"{title.lower().replace(' ', '-')}.png"
    return Image.objects.create(title=title, file=ImageFile(buffer, name=filename))


def portrait(name, seed=0, size=400):
    """A Wagtail image of a person's initials on a soft gradient, with shoulders in silhouette: a photo
    placeholder for demo people. Found by title when it exists."""
    title = f"{name} (portrait)"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    top, bottom, inks = PALETTES[seed % len(PALETTES)]
    canvas = Canvas.new("RGB", (size, size))
    draw = ImageDraw.Draw(canvas)
    for y in range(size):
        mix = y / size
        draw.line([(0, y), (size, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    skin = inks[seed % len(inks)]
    draw.ellipse((size * 0.32, size * 0.16, size * 0.68, size * 0.56), fill=skin)  # head
    draw.ellipse((size * 0.14, size * 0.62, size * 0.86, size * 1.3), fill=skin)  # shoulders
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    draw.text((size * 0.5, size * 0.36), initials, fill=top, anchor="mm", font_size=size // 7)
    buffer = BytesIO()
    canvas.save(buffer, "PNG", optimize=True)
    filename = f"{name.lower().replace(' ', '-')}-portrait.png"
    return Image.objects.create(title=title, file=ImageFile(buffer, name=filename))
