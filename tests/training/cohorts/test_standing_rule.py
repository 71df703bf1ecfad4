"""The one attendance rule (training.cohorts.rules.standing), on its own: no database, exact boundaries."""

import pytest

from training.cohorts.rules import AT_RISK, CANNOT, MET, ON_TRACK, AttendanceStanding, sessions_needed, standing


@pytest.mark.parametrize(
    ("percent", "planned", "needed"),
    [(80, 10, 8), (80, 8, 7), (80, 5, 4), (80, 4, 4), (75, 4, 3), (100, 6, 6), (0, 6, 0), (80, 0, 0)],
)
def test_the_threshold_is_the_course_percent_of_planned_sessions_rounded_up(percent, planned, needed):
    assert sessions_needed(percent, planned) == needed


@pytest.mark.parametrize(
    ("attended", "missed", "remaining", "needed", "expected"),
    [
        # nothing held yet: on track, even when the course allows a single absence in all (8 planned, 7 needed)
        (0, 0, 8, 7, ON_TRACK),
        (0, 0, 10, 8, ON_TRACK),
        # every session attended so far, the rest to come: on track (the bug of issue 11 said "at risk")
        (5, 0, 3, 7, ON_TRACK),
        (3, 0, 2, 4, ON_TRACK),
        # one absence, two more allowed: still on track
        (3, 1, 6, 7, ON_TRACK),
        # one absence, one more allowed: at risk
        (6, 1, 3, 8, AT_RISK),
        # one absence, none more allowed: at risk (must attend every remaining session)
        (5, 1, 2, 7, AT_RISK),
        # one absence too many: cannot complete
        (4, 2, 1, 7, CANNOT),
        (4, 3, 3, 8, CANNOT),
        # threshold reached: met, whatever happens next
        (8, 0, 2, 8, MET),
        (7, 1, 0, 7, MET),
        # the course is over and the trainee is one short
        (6, 2, 0, 7, CANNOT),
        # 100% required: on track until the first absence, then cannot
        (3, 0, 3, 6, ON_TRACK),
        (2, 1, 3, 6, CANNOT),
    ],
)
def test_standing(attended, missed, remaining, needed, expected):
    assert standing(attended, missed, remaining, needed) == expected


def test_the_dataclass_reads_the_same_rule_and_says_the_slack():
    row = AttendanceStanding(attended=6, missed=1, remaining=3, needed=8)

    assert (row.planned, row.slack, row.state) == (10, 1, AT_RISK)
