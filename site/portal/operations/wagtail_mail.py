"""Wagtail's own e-mails (moderation: submitted, approved, rejected, comments; workflow tasks; the notifications
a user subscribes to) go through `wagtail.admin.mail.send_mail`, which Wagtail's notifiers call by its module-level
name; Wagtail offers no hook for their subject. `clean_wagtail_mail()` (from portal.apps) wraps that one function so
each subject is one clean line (portal.inputs.text.folded: a page title saved before text was cleaned on save may
hold a line break, and Django refuses it in a header, so Wagtail would log and drop the e-mail) and the bodies lose
control characters, as our own e-mails do (issue 12, item 1). Check it when upgrading Wagtail
(tests/portal/test_wagtail_mail.py). Wagtail's password-reset e-mail is Django's form, whose subject template holds
no typed text and which joins the subject's lines itself."""

from functools import wraps

from portal.inputs.text import clean_markup, clean_text, folded


def clean_wagtail_mail():
    from wagtail.admin import mail

    original = mail.send_mail
    if getattr(original, "portal_cleaned", False):
        return

    @wraps(original)
    def send_mail(subject, message, recipient_list, from_email=None, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = clean_markup(kwargs["html_message"])
        return original(folded(subject), clean_text(message), recipient_list, from_email, **kwargs)

    send_mail.portal_cleaned = True
    mail.send_mail = send_mail
