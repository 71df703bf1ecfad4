"""The filters over many records in a browser: typing in the box fills its datalist from the suggestions address
(portal/js/filter-suggest.js), in the admin's filters drawer as on the front end, and the typed name filters."""

from playwright.sync_api import expect

from events import services
from tests.factories.events import event_index, make_event, registration_data
from tests.factories.portal import board_user


def test_the_board_filters_registrations_by_an_event_typed_without_diacritics(page, site_url, home, login):
    index = event_index(home)
    dai_loc = make_event(index, title="Ngày hội khởi nghiệp Đại Lộc")
    services.register(dai_loc, **registration_data(full_name="Nguyễn Thị Bích", email="bich@example.vn"))
    services.register(make_event(index, title="Hội thảo Tam Kỳ"), **registration_data(full_name="Lê Văn Khác"))
    board_user(username="bandieuhanh", password="Mat-khau-2022")

    login(page, "bandieuhanh", "Mat-khau-2022")
    page.goto(site_url + "/admin/snippets/events/registration/")
    page.locator("#filters-drilldown .w-slim-header-action-button").click()  # Wagtail's filters drawer
    page.locator("button[aria-controls='drilldown-id_event']").click()
    box = page.locator("input[name=event]")
    box.fill("dai lo")
    options = page.locator("#id_event-options option")
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == "Ngày hội khởi nghiệp Đại Lộc"

    box.fill("Ngày hội khởi nghiệp Đại Lộc")
    box.press("Enter")
    expect(page.locator("main")).not_to_contain_text("Lê Văn Khác")
    expect(page.locator("main")).to_contain_text("Nguyễn Thị Bích")
