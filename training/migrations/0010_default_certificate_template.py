"""The default certificate template: today's page (training.certificates.layout.default_boxes), published, and
chosen in every existing CertificateSettings row that has none (courses and events' attendance). Certificates
already issued keep their snapshot, which has no layout: they are still drawn with the built-in page."""

import uuid

from django.db import migrations

# The boxes of training.certificates.layout.default_boxes() at the time of writing (A4 landscape, millimetres).
BOXES = [
    ("board", 17.5, 21, 125, 13, 9.5, "bold", "center", "navy"),
    ("motto", 157, 21, 120, 11, 10, "bold", "center", "black"),
    ("heading", 40, 49, 217, 14, 34, "bold", "center", "red"),
    ("subtitle", 40, 66.5, 217, 7, 15, "bold", "center", "navy"),
    ("holder_label", 40, 80.5, 217, 7, 14, "regular", "center", "black"),
    ("name", 30, 89.5, 237, 12, 28, "bold", "center", "navy"),
    ("statement", 30, 106.5, 237, 6, 13, "regular", "center", "black"),
    ("course", 30, 112.5, 237, 21, 16, "bold", "center", "black"),
    ("details", 30, 133, 237, 13.5, 12, "regular", "center", "black"),
    ("qr", 22, 156, 34, 34, 6, "regular", "center", "black"),
    ("serial", 60, 162, 75, 6, 11, "bold", "left", "black"),
    ("code", 60, 168.5, 75, 5, 9, "regular", "left", "black"),
    ("verify_hint", 60, 173.5, 104, 9, 8, "italic", "left", "grey"),
    ("place_date", 167, 147.5, 100, 6, 12, "italic", "center", "black"),
    ("signatory_title", 167, 154, 100, 11, 12, "bold", "center", "black"),
    ("signature", 187, 165.5, 60, 15, 6, "regular", "center", "black"),
    ("signatory_name", 167, 180.5, 100, 7, 14, "bold", "center", "black"),
]
FIELDS = ("kind", "x", "y", "width", "height", "size", "weight", "align", "colour")


def create_default(apps, schema_editor):
    CertificateTemplate = apps.get_model("training", "CertificateTemplate")
    CertificateSettings = apps.get_model("training", "CertificateSettings")
    template = CertificateTemplate.objects.create(
        name="Mẫu mặc định",
        live=True,
        has_unpublished_changes=False,
        boxes=[
            {"type": "box", "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"cert-box-{index}")),
             "value": {**dict(zip(FIELDS, values, strict=True)), "text": ""}}
            for index, values in enumerate(BOXES)
        ],
    )  # fmt: skip
    CertificateSettings.objects.filter(default_template__isnull=True).update(default_template=template)
    CertificateSettings.objects.filter(attendance_template__isnull=True).update(attendance_template=template)


class Migration(migrations.Migration):
    dependencies = [("training", "0009_certificate_templates")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
