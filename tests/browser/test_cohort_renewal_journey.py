"""Issue 11's journey: a cohort from its first session to closed, then the renewal a year later, in Chromium with the
clock moved. The live server runs in this process (a thread), so the `clock` fixture's time-machine moves its
clock too; the first check below proves it (the grid refuses at 13:29 and opens at 13:30). Each move of more than
two weeks outlives the log-in session, so the person logs in again.

Board: attendance from the first session's start, results and completion after the last session, certificates,
closing (the trainee who cannot complete becomes "Không hoàn thành"); the trainer downloads the certificate. A year
later, inside the renewal notice window: the reminder command e-mails the trainer, who asks for renewal with a
practicum delivery as evidence; the Board approves; the old certificate verifies as superseded by the new serial."""

import datetime

from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories.clubs import make_club, make_site_tree
from tests.factories.portal import PASSWORD, board_user
from tests.training.cohorts.calendar import calendar_cohort
from training.cohorts import services
from training.cohorts.enums import EnrolmentStatus
from training.models import Certificate, Enrolment, PracticumDelivery, RenewalRequest, TrainerProfile


def fresh_login(page, login, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def test_a_cohort_to_closed_then_renewal_a_year_later(page, site_url, login, clock, home, settings, mailoutbox):
    settings.TRAINING_VERIFY_BASE_URL = site_url
    settings.WAGTAILADMIN_BASE_URL = site_url
    clock.at("08/12/2026 12:00")
    board = board_user(username="bandieuhanh", email="bdh@example.vn")
    cohort, sessions, (buu, lan) = calendar_cohort(board, sessions=3, validity_months=12)
    trainer = buu.user
    trainer.username, trainer.email = "giangvien", "buu@example.vn"
    trainer.set_password(PASSWORD)
    trainer.save()
    grid = f"{site_url}/admin/tot/lop/{cohort.pk}/diem-danh/"
    manage = f"{site_url}/admin/tot/lop/{cohort.pk}/"

    # The first session: the live server's clock is the frozen one (13:29 planned, 13:30 open).
    clock.at("08/12/2026 13:29")
    login(page, "bandieuhanh", PASSWORD)
    page.goto(grid)
    expect(page.locator("[data-cohort-state]")).to_have_attribute("data-cohort-state", "planned")
    expect(page.locator("select")).to_have_count(0)
    clock.at("08/12/2026 13:30")
    page.goto(grid)
    expect(page.locator("[data-cohort-state]")).to_have_attribute("data-cohort-state", "running")
    page.select_option(f'select[name="a-{buu.pk}-{sessions[0].pk}"]', "present")
    page.select_option(f'select[name="a-{lan.pk}-{sessions[0].pk}"]', "absent")
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator("body")).to_contain_text("Đã lưu điểm danh (2 ô thay đổi).")

    # After the last session (10/12 16:00–17:30): the rest of the attendance, results, completion.
    clock.at("10/12/2026 17:30")
    page.goto(grid)
    for session in sessions[1:]:
        page.select_option(f'select[name="a-{buu.pk}-{session.pk}"]', "present")
        page.select_option(f'select[name="a-{lan.pk}-{session.pk}"]', "present")
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.locator('[data-progress="cannot"]')).to_have_count(1)  # Lan missed one of three: 80% is out
    page.goto(f"{site_url}/admin/tot/lop/{cohort.pk}/ket-qua/")
    page.fill(f'input[name="score-{buu.pk}"]', "8.5")
    page.select_option(f'select[name="passed-{buu.pk}"]', "1")
    page.check(f'input[name="complete-{buu.pk}"]')
    page.fill(f'input[name="score-{lan.pk}"]', "7")
    page.select_option(f'select[name="passed-{lan.pk}"]', "1")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("body")).to_contain_text("Đã lưu kết quả cuối khóa.")

    # Certificates: completion now; certification once Bửu is certified (his practicum confirmed meanwhile).
    page.goto(f"{site_url}/admin/tot/lop/{cohort.pk}/cap-giay/")
    expect(page.locator(f'#not-eligible [data-enrolment="{lan.pk}"]')).to_contain_text("điểm danh 2/3 buổi, cần 3")
    page.get_by_role("button", name="Cấp cho tất cả học viên đủ điều kiện").click()
    expect(page.locator("body")).to_contain_text("Đã cấp 1 giấy chứng nhận")
    profile = TrainerProfile.objects.get(user=trainer)
    services.certify(profile, board)  # valid 12 months: through 10/12/2027
    page.goto(f"{site_url}/admin/tot/lop/{cohort.pk}/cap-giay/")
    page.select_option("#id_kind", "certification")
    page.get_by_role("button", name="Cấp cho tất cả học viên đủ điều kiện").click()
    expect(page.locator("body")).to_contain_text("Đã cấp 1 giấy chứng nhận")
    old = Certificate.objects.get(kind="certification")

    # Closing: Lan, who cannot complete, is switched to "Không hoàn thành" with the reason, in the history.
    page.goto(manage)
    expect(page.locator("#closing-rule")).to_be_visible()
    expect(page.locator("#closing-outcomes")).to_contain_text(lan.full_name)
    page.get_by_role("button", name="Đóng lớp").click()
    expect(page.locator("body")).to_contain_text("Đã đóng lớp: điểm danh và kết quả từ nay chỉ xem.")
    expect(page.locator("[data-cohort-state]")).to_have_attribute("data-cohort-state", "closed")
    history = page.locator("#state-history")
    expect(history).to_contain_text("Bắt đầu học: 08/12/2026 13:30")
    expect(history).to_contain_text("Kết thúc: 10/12/2026 17:30")
    expect(history).to_contain_text("Đóng lớp: 10/12/2026 17:30")
    expect(history).to_contain_text(f"{lan.full_name} (điểm danh 2/3 buổi, cần 3)")
    assert Enrolment.objects.get(pk=lan.pk).status == EnrolmentStatus.NOT_COMPLETED

    # The trainer downloads his certificate.
    fresh_login(page, login, "giangvien")
    page.goto(f"{site_url}/ca-nhan/giay-chung-nhan/")
    row = page.locator("main table tbody tr", has_text=old.serial)
    expect(row).to_contain_text("Còn hiệu lực")
    pdf = page.request.get(site_url + row.get_by_role("link", name="Tải PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    # A year later he has delivered a training at a club (confirmed by the club).
    directory, _news = make_site_tree(home)
    delivery = PracticumDelivery.objects.create(
        trainer=profile, date=datetime.date(2027, 6, 5), club=make_club(directory, title="CLB Khởi nghiệp Hội An"),
        topic="Mô hình kinh doanh tinh gọn", participants=30,
    )
    services.confirm_delivery(delivery, board)

    # 10/10/2027 is one day before the 60-day notice window (expiry 10/12/2027): nothing; 11/10 it opens: one e-mail.
    clock.at("10/10/2027 07:00")
    call_command("remind_certification_expiries")
    assert not [m for m in mail.outbox if "buu@example.vn" in m.to]
    clock.at("11/10/2027 07:00")
    call_command("remind_certification_expiries")
    (reminder,) = [m for m in mail.outbox if "buu@example.vn" in m.to]
    assert "10/12/2027" in reminder.subject and "/ca-nhan/ho-so-giang-vien/gia-han/" in reminder.body
    call_command("remind_certification_expiries")
    assert len([m for m in mail.outbox if "buu@example.vn" in m.to]) == 1  # once per period

    # He asks for renewal from his personal area, the delivery as evidence.
    clock.at("13/10/2027 09:00")
    fresh_login(page, login, "giangvien")
    page.goto(f"{site_url}/ca-nhan/ho-so-giang-vien/gia-han/")
    expect(page.locator("[data-expires-on]")).to_contain_text("10/12/2027")
    evidence = page.get_by_label("05/06/2027 – CLB Khởi nghiệp Hội An", exact=False)
    expect(evidence).to_be_checked()
    page.fill("#id_note", "Đã giảng dạy tại CLB Hội An")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator("body")).to_contain_text("Đã gửi đề nghị gia hạn")
    expect(page.locator('[data-renewal="pending"]')).to_be_visible()
    request = RenewalRequest.objects.get()
    assert list(request.deliveries.all()) == [delivery]

    # The Board approves: a new certificate, the expiry a year on, the old one superseded (not revoked).
    clock.at("14/10/2027 10:00")
    fresh_login(page, login, "bandieuhanh")
    page.goto(f"{site_url}/admin/gia-han-cong-nhan/{request.pk}/")
    expect(page.locator("main")).to_contain_text("Mô hình kinh doanh tinh gọn")
    page.get_by_role("button", name="Duyệt: gia hạn và cấp giấy chứng nhận mới").click()
    expect(page.locator("body")).to_contain_text("Đã gia hạn công nhận cho")
    expect(page.locator("body")).to_contain_text("đến 10/12/2028")
    request.refresh_from_db()
    new = request.new_certificate
    assert new.replaces_id == old.pk and new.serial != old.serial
    assert TrainerProfile.objects.get(pk=profile.pk).expires_on == datetime.date(2028, 12, 10)

    page.context.clear_cookies()  # anyone holding the old paper
    page.goto(f"{site_url}/tot/xac-minh/{old.code}/")
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "superseded")
    expect(page.locator("[data-superseded-by]")).to_contain_text(new.serial)
    page.goto(f"{site_url}/tot/xac-minh/{new.code}/")
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "valid")

    fresh_login(page, login, "giangvien")
    page.goto(f"{site_url}/ca-nhan/ho-so-giang-vien/gia-han/")
    expect(page.locator('[data-renewal-status="approved"]')).to_contain_text(new.serial)
    pdf = page.request.get(f"{site_url}/ca-nhan/giay-chung-nhan/tot/{new.pk}.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
