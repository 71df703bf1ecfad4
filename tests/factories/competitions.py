"""Competitions of the idea bank, made as the Board makes them (categories, criteria, reviewers), and entries
brought in through ideas.competitions.services."""

from datetime import timedelta

from django.utils import timezone

from ideas.competitions import services
from ideas.competitions.models import Category, Competition, CompetitionCriterion


def make_competition(*, reviewers=(), categories=("Nông nghiệp", "Du lịch"), criteria=None, days_open=10, **fields):
    now = timezone.now()
    data = {
        "title": "Cuộc thi Ý tưởng khởi nghiệp Quảng Nam 2026",
        "description": "Tìm kiếm ý tưởng khởi nghiệp đổi mới sáng tạo.",
        "eligibility": "Ý tưởng đã công bố trong ngân hàng ý tưởng.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=days_open),
        "is_published": True,
    }
    data.update(fields)
    competition = Competition.objects.create(**data)
    for i, name in enumerate(categories):
        Category.objects.create(competition=competition, name=name, sort_order=i)
    for i, (text, weight, must) in enumerate(
        criteria or [("Tính mới", 3, False), ("Khả thi", 2, False), ("Đã công bố trong ngân hàng", 1, True)]
    ):
        CompetitionCriterion.objects.create(competition=competition, text=text, weight=weight, is_must_have=must,
                                            sort_order=i)
    competition.reviewers.set(reviewers)
    return competition


def apply(user, competition, idea, **kwargs):
    kwargs.setdefault("category", competition.categories.first())
    return services.enter(user, competition, idea, **kwargs)


def full_scores(competition, value=8, must=1):
    return {c: (must if c.is_must_have else value) for c in competition.criteria.all()}
