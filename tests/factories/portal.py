import factory
from django.contrib.auth.models import Group

from portal import roles
from portal.models import AdministrativeUnit, Agency, AgencyKind, User

PASSWORD = "mat-khau-thu-nghiem"


class AdministrativeUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Huyện Thử Nghiệm {n}")
    slug = factory.Sequence(lambda n: f"huyen-thu-nghiem-{n}")
    kind = "huyện"


class AgencyKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyKind
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Loại cơ quan {n}")
    slug = factory.Sequence(lambda n: f"loai-co-quan-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm số {n}")
    slug = factory.Sequence(lambda n: f"so-thu-nghiem-{n}")
    kind = factory.SubFactory(AgencyKindFactory)
    email = factory.Sequence(lambda n: f"coquan{n}@example.vn")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    last_name = "Nguyễn"
    first_name = factory.Sequence(lambda n: f"Văn Thử {n}")
    email = factory.Sequence(lambda n: f"nguoidung{n}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if names:
            self.groups.add(*Group.objects.filter(name__in=names))
        self.save()


def board_user(**kwargs):
    return UserFactory(groups=[roles.BOARD], **kwargs)


def nominator(agency=None, **kwargs):
    return UserFactory(groups=[roles.NOMINATORS], agency=agency or AgencyFactory(), **kwargs)
