import pytest

from tests.factories.clubs import make_club, make_news

pytestmark = pytest.mark.django_db


def test_home_page_shows_club_counts_and_latest_news(client, site_tree):
    directory, _ = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp thành phố Tam Kỳ")
    make_news(club, title="Hội thảo khởi nghiệp nông nghiệp hữu cơ")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hội thảo khởi nghiệp nông nghiệp hữu cơ" in html
    assert "CLB Khởi nghiệp thành phố Tam Kỳ" in html
