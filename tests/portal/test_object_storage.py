"""S3-style object storage (S3_BUCKET): uploads go to the bucket, private files under private/ and never public.

Against moto's in-process S3, with the STORAGES entries production builds from the environment."""

import pytest

from portal.operations.storage import private_storage, s3_storages
from tests.factories.clubs import make_image
from tests.factories.portal import nominator
from tests.factories.training import PDF_BYTES, NominationRoundFactory, invite, nominate
from training.nominations.enums import NominationStatus

moto = pytest.importorskip("moto", reason="needs moto (make install)")
pytest.importorskip("storages", reason="needs django-storages (make install)")
import boto3  # noqa: E402 - installed with moto and django-storages

pytestmark = pytest.mark.django_db
BUCKET = "khoinghiep"


@pytest.fixture
def s3(settings, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with moto.mock_aws():
        client = boto3.client("s3", region_name="ap-southeast-1", aws_access_key_id="test",
                              aws_secret_access_key="test")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
        env = {"S3_BUCKET": BUCKET, "S3_REGION": "ap-southeast-1", "S3_ACCESS_KEY_ID": "test",
               "S3_SECRET_ACCESS_KEY": "test"}
        settings.STORAGES = {**settings.STORAGES, **s3_storages(env)}
        yield client


def test_no_bucket_no_object_storage():
    assert s3_storages({}) == {}


def test_dispatch_goes_to_the_private_prefix_and_only_its_agency_gets_it(s3, client):
    round_ = NominationRoundFactory()
    owner = nominator()
    invite(round_, owner.agency)
    document = nominate(owner, round_, status=NominationStatus.SUBMITTED).dispatch

    key = f"private/{document.file.name}"
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF_BYTES
    assert not s3.list_objects_v2(Bucket=BUCKET, Prefix="media/").get("Contents")
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner only, no public read
    assert "Signature" in private_storage().url(document.file.name)  # a link would be signed and expire

    client.force_login(owner)
    response = client.get(f"/tot/de-cu/cong-van/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(nominator())
    assert client.get(f"/tot/de-cu/cong-van/{document.pk}/").status_code == 404


def test_public_images_go_to_the_media_prefix_with_plain_urls(s3):
    image = make_image()

    assert s3.head_object(Bucket=BUCKET, Key=f"media/{image.file.name}")
    assert "Signature" not in image.file.url and f"/media/{image.file.name}" in image.file.url
