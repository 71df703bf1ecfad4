"""The per-subject aggregates of the reviews, as correlated subqueries: computed only for the rows a page shows,
so a page costs the same with 10 or 10,000 subjects."""

from django.db import models
from django.db.models import Avg, Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def with_scores(queryset, review_model, subject_field):
    """`queryset` annotated with `review_count`, `avg_score`, `spread` (highest minus lowest total) and
    `exclusions` (reviews finding a must-have unmet), from `review_model` rows whose `subject_field` points at
    each row."""
    reviews = review_model.objects.filter(**{subject_field: OuterRef("pk")}).order_by().values(subject_field)

    def per_subject(aggregate, output_field):
        return Subquery(reviews.annotate(value=aggregate).values("value")[:1], output_field=output_field)

    return queryset.annotate(
        review_count=Coalesce(per_subject(Count("pk"), models.IntegerField()), 0),
        avg_score=per_subject(Avg("total"), models.FloatField()),
        spread=per_subject(Max("total") - Min("total"), models.FloatField()),
        exclusions=Coalesce(per_subject(Count("pk", filter=Q(excluded=True)), models.IntegerField()), 0),
    )
