// The second-factor banner (templates/wagtailadmin/base.html) is written before Wagtail's frame; shown in the
// frame's message list it sits where people read messages, beside the sidebar rather than under it.
document.addEventListener("DOMContentLoaded", function () {
  var banner = document.querySelector("[data-two-factor-banner]");
  var list = document.querySelector(".messages [data-w-messages-target='container']");
  if (!banner || !list) {
    return;
  }
  var item = document.createElement("li");
  item.className = "warning";
  while (banner.firstChild) {
    item.appendChild(banner.firstChild);
  }
  item.setAttribute("data-two-factor-banner", "");
  banner.remove();
  list.insertBefore(item, list.firstChild);
});
