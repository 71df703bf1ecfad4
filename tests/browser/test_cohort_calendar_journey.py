"""A cohort from its first session to closed, with the clock moved (the live server runs in this process, so the
`clock` fixture moves it too): before the start the grid shows the session as planned; from 13:30 it takes
attendance; after the last session the Board is told what is missing, then closes the cohort, whose grid is
read-only from then on."""

from playwright.sync_api import expect

from tests.factories.portal import PASSWORD, board_user
from tests.training.cohorts.calendar import calendar_cohort, marks_for
from training.cohorts import services


def test_a_cohort_from_first_session_to_closed(page, site_url, login, clock):
    clock.at("08/12/2026 12:00")
    board = board_user(username="bandieuhanh")
    cohort, sessions, trainees = calendar_cohort(board)
    login(page, "bandieuhanh", PASSWORD)
    grid = f"{site_url}/admin/tot/lop/{cohort.pk}/diem-danh/"

    page.goto(grid)
    expect(page.locator("[data-cohort-state]")).to_have_attribute("data-cohort-state", "planned")
    expect(page.locator(f'[data-planned="{sessions[0].pk}"]')).to_have_count(len(trainees))
    expect(page.locator("select")).to_have_count(0)

    clock.at("08/12/2026 13:30")
    page.goto(grid)
    expect(page.locator("[data-cohort-state]")).to_have_attribute("data-cohort-state", "running")
    for trainee in trainees:
        page.select_option(f'select[name="a-{trainee.pk}-{sessions[0].pk}"]', "present")
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator("body")).to_contain_text(f"Đã lưu điểm danh ({len(trainees)} ô thay đổi).")
    expect(page.locator('[data-progress="on_track"]')).to_have_count(len(trainees))

    clock.at("17/12/2026 16:00")
    services.record_attendance(cohort, board, marks_for(trainees, sessions[1:]))
    page.goto(f"{site_url}/admin/tot/lop/{cohort.pk}/")
    expect(page.locator("[data-cohort-state]")).to_have_attribute("data-cohort-state", "finished")
    expect(page.locator("#closing-problems")).to_contain_text("chưa có kết quả cuối khóa")

    services.record_results(cohort, board, {e.pk: (8, True) for e in trainees})
    page.goto(f"{site_url}/admin/tot/lop/{cohort.pk}/")
    expect(page.locator("#closing-problems")).to_contain_text("đủ điều kiện nhưng chưa được đánh dấu hoàn thành")
    services.mark_completed(cohort, board, [e.pk for e in trainees])
    page.goto(f"{site_url}/admin/tot/lop/{cohort.pk}/")
    page.get_by_role("button", name="Đóng lớp").click()
    expect(page.locator("body")).to_contain_text("Đã đóng lớp: điểm danh và kết quả từ nay chỉ xem.")
    expect(page.locator("[data-cohort-state]")).to_have_attribute("data-cohort-state", "closed")

    page.goto(grid)
    expect(page.get_by_role("button", name="Lưu điểm danh")).to_have_count(0)
    expect(page.locator("select[disabled]").first).to_be_visible()
