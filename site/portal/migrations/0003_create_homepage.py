"""Every install needs a home page: replace Wagtail's welcome page with ours and point the default site at it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("portal.HomePage")

    # Wagtail's initial migration made a placeholder "Welcome" page at this path.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()

    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    home = HomePage.objects.create(
        title="Mạng lưới CLB Khởi nghiệp Quảng Nam",
        draft_title="Mạng lưới CLB Khởi nghiệp Quảng Nam",
        slug="trang-chu",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/trang-chu/",
        live=True,
        locale_id=root.locale_id,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page_id": home.id, "site_name": "Khởi nghiệp Quảng Nam"}
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("portal.HomePage").objects.filter(slug="trang-chu", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_homepage_standardpage_portalsettings"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
