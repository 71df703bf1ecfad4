"""Who may do what with cohorts, attendance, trainers and certificates: the trainee's view of their own records.
Whether someone is Board staff is training.rules.is_board, the same question for every subject."""


def is_trainee(user):
    """Someone with at least one enrolment or a trainer profile: the personal area shows them the trainee pages."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.enrolments.exists() or hasattr(user, "trainer_profile")


def trainer_profile(user):
    if not (user and user.is_authenticated):
        return None
    from training.cohorts.models import TrainerProfile

    return TrainerProfile.objects.filter(user=user).first()


def can_log_practicum(user):
    return trainer_profile(user) is not None
