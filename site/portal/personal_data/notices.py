"""The privacy notices a person (or the agency on their behalf) agrees to where personal data is collected
(Decree 13/2023/NĐ-CP: consent is given for a stated purpose, after being told what is processed and for how long).

Each notice has a `reference` (key/version) that is stored with the consent time on the record it covers; the
export of a person's data prints the text of that very version. Changing the wording means adding a notice with
a new version and keeping the old one here, so records consented under it still resolve to what was shown.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Notice:
    key: str
    version: str
    text: str | Promise

    @property
    def reference(self):
        return f"{self.key}/{self.version}"

    def __str__(self):
        return str(self.text)


RETENTION = _(
    "Dữ liệu được lưu trong hồ sơ của Ban Điều hành cho đến khi người có dữ liệu yêu cầu xóa; khi xóa, thông tin "
    "cá nhân được ẩn danh, chỉ giữ số liệu thống kê."
)

NOMINATION = Notice(
    "de-cu",
    "2026-11",
    _(
        "Cơ quan xác nhận ứng viên đã được thông báo và đồng ý để Ban Điều hành xử lý họ tên, giới tính, ngày sinh, "
        "chức vụ, nơi công tác, điện thoại, thư điện tử và kinh nghiệm của mình nhằm mục đích tuyển chọn, đào tạo, "
        "cấp giấy chứng nhận và công nhận giảng viên nguồn khởi nghiệp, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ "
        "liệu cá nhân. Chỉ cơ quan đề cử và Ban Điều hành xem được hồ sơ; dữ liệu không chia sẻ cho bên thứ ba."
    ),
)

REGISTRATION = Notice(
    "dang-ky-su-kien",
    "2026-11",
    _(
        "Tôi đồng ý để Ban Điều hành xử lý họ tên, thư điện tử, số điện thoại và cơ quan của tôi nhằm mục đích "
        "tổ chức sự kiện này (xác nhận, thông báo thay đổi, điểm danh, giấy chứng nhận tham dự), theo Nghị định "
        "13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Dữ liệu không được công khai và không chia sẻ cho bên thứ ba."
    ),
)

DELEGATE = Notice(
    "thanh-vien-doan",
    "2026-11",
    _(
        "Cơ quan xác nhận người được cử đã được thông báo và đồng ý để Ban Điều hành xử lý họ tên, chức vụ và thư "
        "điện tử của mình nhằm mục đích tổ chức chuyến công tác (đăng ký, liên lạc, báo cáo sau chuyến đi), theo "
        "Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân."
    ),
)

TRAINER_REGISTER = Notice(
    "danh-sach-giang-vien",
    "2026-11",
    _(
        "Những thông tin bạn chọn hiện sẽ được công khai trên danh sách giảng viên nguồn, nhằm mục đích để các câu "
        "lạc bộ và cơ quan liên hệ mời bạn giảng dạy. Bạn có thể bỏ chọn bất cứ lúc nào; thông tin sẽ thôi hiện ngay."
    ),
)

NOTICES = {notice.reference: notice for notice in (NOMINATION, REGISTRATION, DELEGATE, TRAINER_REGISTER)}


def consented(notice, at=None):
    """The fields recording consent to `notice` now (or `at`): `Model(..., **consented(NOMINATION))`."""
    from django.utils import timezone

    return {"consent_at": at or timezone.now(), "consent_notice": notice.reference}


def text_of(reference):
    """The wording a stored consent reference stands for ("" when the record predates the notices)."""
    notice = NOTICES.get(reference or "")
    return str(notice.text) if notice else ""
