"""Who may do what with cohorts, attendance, trainers and certificates. The Board predicate is the
nominations' one (training.rules.is_board); these add the trainee's view of their own records."""

from training.rules import is_board

__all__ = ["can_log_practicum", "is_board", "is_trainee"]


def is_trainee(user):
    """Someone with at least one enrolment or a trainer profile: they see the /tot/ trainee pages."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.enrolments.exists() or hasattr(user, "trainer_profile")


def trainer_profile(user):
    if not (user and user.is_authenticated):
        return None
    from training.models import TrainerProfile

    return TrainerProfile.objects.filter(user=user).first()


def can_log_practicum(user):
    return trainer_profile(user) is not None
