""""Your password was changed" e-mail: sent after a password change in the personal area or a reset, so a person
whose account was taken over learns of it. A deferred task (portal.operations.deferred): the change is saved
whatever happens to the e-mail, which the task worker retries, once per change (the send ledger,
portal.operations.sent_mail, keyed by the user and the moment of the change). Ground: names no app."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from portal.addresses import base_url
from portal.inputs.text import clean_line, folded
from portal.operations import deferred
from portal.operations.sent_mail import object_ref, send_once

logger = logging.getLogger(__name__)


def message(user, changed_at):
    subject = folded(_("Mật khẩu tài khoản %(username)s vừa được thay đổi") % {"username": user.get_username()})
    body = _(
        "Kính gửi %(name)s,\n\n"
        "Mật khẩu tài khoản %(username)s trên cổng Mạng lưới CLB Khởi nghiệp Quảng Nam vừa được thay đổi lúc "
        "%(when)s.\n\n"
        "Nếu chính bạn đổi mật khẩu, bạn không cần làm gì thêm. Nếu không phải bạn, hãy đặt lại mật khẩu ngay tại "
        "%(reset_url)s và báo cho Ban Điều hành.\n\n"
        "Ban Điều hành Hỗ trợ khởi nghiệp sáng tạo tỉnh"
    ) % {
        "name": clean_line(user.get_full_name() or user.get_username()),
        "username": user.get_username(),
        "when": date_format(timezone.localtime(changed_at), "d/m/Y H:i"),
        "reset_url": base_url() + reverse("portal:password_reset"),
    }
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@task()
def deliver(user_id, changed_at_iso, attempt=1):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return 0
    try:
        from datetime import datetime

        notice = message(user, datetime.fromisoformat(changed_at_iso))
        return send_once(notice, "password-changed", object_ref(user_id, changed_at_iso))
    except Exception as error:
        logger.exception("password notice to user %s failed", user_id)
        if not deferred.retry(deliver, user_id, changed_at_iso, attempt=attempt, error=error):
            raise
        return 0


def send_password_changed(user):
    """Queue the notice for after the current transaction commits."""
    if user.email:
        deferred.after_commit(deliver, user.pk, timezone.now().isoformat())
