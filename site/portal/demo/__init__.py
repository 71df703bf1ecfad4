"""Demo data, built through the same models and services the product uses. Idempotent: run it twice,
get the same data once. Each app contributes a seeder; they run in this order."""

SEEDERS = [
    "portal.demo.reference.seed",
    "portal.demo.accounts.seed",
    "clubs.demo.seed",
    "events.demo.seed",
    "training.nominations.demo.seed",
    "training.cohorts.demo.seed",
]

DEMO_PASSWORD = "KhoiNghiep@2022"

# (username, role shown in the README, full name) — filled in by portal.demo.accounts
DEMO_ACCOUNTS = []
