"""Factories for the home app's tests and benchmarks (factory-boy, wagtail-factories)."""

import factory
import wagtail_factories
from wagtail.models import Collection

from home.models import StandardPage


class ImageFactory(wagtail_factories.ImageFactory):
    """A small generated picture in the root collection (wagtail-factories would add a root of its own)."""

    title = "Picture"
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=64, height=36, color=(20, 90, 170), filename="picture.png", format="PNG")


class StandardPageFactory(wagtail_factories.PageFactory):
    """A standard page; give it `parent=`."""

    intro = ""

    class Meta:
        model = StandardPage
