"""Media in S3-compatible storage: a real S3 server (moto's) on loopback, no mocks in-process."""

import json
import socket
from io import BytesIO

import boto3
import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Canvas
from wagtail.images import get_image_model
from wagtail.models import Collection

BUCKET = "lectern-media"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_media(settings, s3_endpoint):
    credentials = {"aws_access_key_id": "lectern", "aws_secret_access_key": "lectern-secret"}
    bucket = boto3.resource("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials).Bucket(BUCKET)
    bucket.create()
    # As in a deployment: media are public, read-only (README: "Media in S3").
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
        ],
    }
    bucket.Policy().put(Policy=json.dumps(policy))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": credentials["aws_access_key_id"],
                "secret_key": credentials["aws_secret_access_key"],
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    yield bucket
    bucket.objects.all().delete()
    bucket.delete()


def png(width=1600, height=1000):
    buffer = BytesIO()
    Canvas.new("RGB", (width, height), (11, 92, 173)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_image_uploaded_in_the_admin_lands_in_the_bucket_and_renders(client, s3_media, home_page, demo_users):
    client.force_login(demo_users["editor"])
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Campus",
            "file": SimpleUploadedFile("campus.png", png(), content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    image = get_image_model().objects.get(title="Campus")
    keys = {item.key for item in s3_media.objects.all()}
    assert image.file.name in keys and image.file.name.startswith("original_images/")

    home_page.hero_image = image
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    rendition = image.get_rendition("fill-640x480")
    assert rendition.url.startswith(f"{s3_media.meta.client.meta.endpoint_url}/{BUCKET}/images/")
    assert rendition.url in html
    served = requests.get(rendition.url, timeout=10)
    assert served.status_code == 200
    assert Canvas.open(BytesIO(served.content)).size == (640, 480)
    assert rendition.file.name in {item.key for item in s3_media.objects.all()}
