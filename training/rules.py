"""Who is Board staff: the question every subject of the programme asks (nominations, cohorts, certificates) and
the reports too. The subjects' own predicates are in training.nominations.rules and training.cohorts.rules."""

from portal import roles


def group_names(user):
    # Cached on the user object: one query per request, however many times the question is asked.
    if not hasattr(user, "_training_group_names"):
        user._training_group_names = set(user.groups.values_list("name", flat=True))
    return user._training_group_names


def is_board(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or roles.BOARD in group_names(user)
