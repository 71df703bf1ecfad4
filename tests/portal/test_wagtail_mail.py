"""Wagtail's own e-mails go through the portal's cleaning (issue 12, item 1): a page title that still holds a line
break or a control character (saved before text was cleaned on save, or by QuerySet.update) gives a moderation
e-mail with a one-line subject; without the cleaning Django refuses the header and Wagtail drops the e-mail."""

import pytest
from django.core import mail
from wagtail.models import Page

from portal import roles
from tests.factories.clubs import make_club, make_news
from tests.factories.portal import UserFactory, board_user

pytestmark = pytest.mark.django_db

HOSTILE = "Tin mới\r\nBcc: ke-gian@example.com\x07 về hội thảo"


def test_a_moderation_e_mail_about_a_hostile_title_is_sent_with_one_clean_line(site_tree, committed):
    directory, _news = site_tree
    board = board_user(email="bandieuhanh@example.vn")
    assert roles.BOARD in {group.name for group in board.groups.all()}
    news = make_news(make_club(directory), publish=False)
    Page.objects.filter(pk=news.pk).update(title=HOSTILE, draft_title=HOSTILE)  # no signal: not cleaned
    news = news.specific_class.objects.get(pk=news.pk)
    editor = UserFactory(email="bientap@example.vn")
    with committed():
        news.save_revision(user=editor)
        news.get_workflow().start(news, editor)

    sent = [message for message in mail.outbox if "bandieuhanh@example.vn" in message.to]
    assert sent, [message.subject for message in mail.outbox]
    for message in sent:
        assert "\n" not in message.subject and "\r" not in message.subject and "\x07" not in message.subject
        assert "Tin mới Bcc: ke-gian@example.com về hội thảo" in message.subject
        assert "ke-gian@example.com" not in message.bcc
        assert "\x07" not in message.body
        message.message()  # the headers build: nothing Django would refuse


def test_the_wrapper_is_in_place_once():
    from wagtail.admin import mail as wagtail_mail

    from portal.operations.wagtail_mail import clean_wagtail_mail

    assert wagtail_mail.send_mail.portal_cleaned
    before = wagtail_mail.send_mail
    clean_wagtail_mail()
    assert wagtail_mail.send_mail is before
