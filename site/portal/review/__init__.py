"""The review engine that nominations (training) and competitions (ideas) share: weighted criteria with
must-haves, one review per reviewer and subject with one score per criterion, the per-subject aggregates, the
reviewer's score form, and the release of prepared decisions row by row. Ground: it names no app; each app gives
it its own concrete models (abstract bases in portal.review.models) and its own rules (who may score, conflicts)."""
