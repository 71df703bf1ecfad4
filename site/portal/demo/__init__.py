"""Demo data, built through the same models and services the product uses. Idempotent: run it twice,
get the same data once. Each app contributes a seeder; they run in this order."""

# (dotted path, what `seed_demo` says while it runs)
SEEDERS = [
    ("portal.demo.reference.seed", "Đơn vị hành chính và cơ quan"),
    ("portal.demo.accounts.seed", "Tài khoản demo"),
    ("clubs.demo.seed", "Câu lạc bộ và tin tức"),
    ("events.demo.seed", "Sự kiện"),
    ("training.nominations.demo.seed", "Đợt cử học viên"),
    ("training.cohorts.demo.seed", "Khóa học, lớp và chứng nhận"),
    ("reporting.demo.seed", "Kỳ báo cáo định kỳ"),
    ("ideas.demo.seed", "Ngân hàng ý tưởng"),
]

DEMO_PASSWORD = "KhoiNghiep@2022"

# (username, role shown in the README, full name) — filled in by portal.demo.accounts
DEMO_ACCOUNTS = []
