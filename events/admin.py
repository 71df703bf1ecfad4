"""Board screens (filled in the admin slice)."""


def register_admin():
    pass
