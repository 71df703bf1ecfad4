"""An index on Wagtail's `wagtailcore_page.url_path`, which portal.routing looks pages up by (one query per request
for every page below the home page). Wagtail indexes `path` but not `url_path`: at a province's 27,000 pages each
lookup read the whole table (40 ms under load, 0.1 ms with the index). A hash index on PostgreSQL (equality is all
routing asks, and long url paths cannot overflow a btree entry); a plain index elsewhere."""

from django.db import migrations

NAME = "portal_page_url_path"


def create(apps, schema_editor):
    method = "USING hash " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page {method}(url_path)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_erasure_record"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
