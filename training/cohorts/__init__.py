"""Cohorts (issue 4): courses, cohorts and their sessions, enrolment of accepted nominees, attendance and results,
the trainers that come out of them (practicum, certification, the public register) and the programme's reach."""
