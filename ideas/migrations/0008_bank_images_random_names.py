"""The bank's images uploaded before random names get one (ideas.image_names); no row is added or removed."""

from django.db import migrations

from ideas.image_names import rename_guessable


def rename(apps, schema_editor):
    rename_guessable(apps.get_model("wagtailimages", "Image"), apps.get_model("wagtailimages", "Rendition"))


class Migration(migrations.Migration):

    dependencies = [
        ("ideas", "0007_mentoring_request_list_index"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
