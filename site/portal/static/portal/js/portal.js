/* Small enhancements of the public pages; every page works without them.
 *
 * 1. The main menu folds behind its button on narrow screens (CSS decides where: .menu-ready hides the menu
 *    unless .menu-open). Without this script the button stays hidden and the menu open. Escape closes it.
 * 2. A table wider than the screen scrolls inside its .table-wrap box; while it does, the box can take the
 *    keyboard focus (arrow keys scroll it) and is announced as a region named "Bảng: " and the table's heading.
 *
 * Loaded from base.html as a same-origin file: the Content-Security-Policy allows no inline script.
 */
(function () {
  "use strict";

  var header = document.querySelector("[data-menu]");
  var button = header && header.querySelector("button[aria-controls]");
  if (button) {
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    };
    header.classList.add("menu-ready");
    button.hidden = false;
    setOpen(false);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  function headingOf(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption) return caption.textContent;
    for (var node = box; node && node !== document.body; node = node.parentElement) {
      for (var sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
        var inside = sibling.querySelectorAll("h1, h2, h3");
        var heading = /^H[1-6]$/.test(sibling.tagName) ? sibling : inside[inside.length - 1];
        if (heading) return heading.textContent;
      }
    }
    return document.title;
  }

  var TABLE_WORD = (document.documentElement.lang || "vi").indexOf("en") === 0 ? "Table: " : "Bảng: ";

  function markScrollingTables() {
    var boxes = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        // "Bảng: ..." and not the heading alone: a <section> named by that heading is a region of that name too.
        box.setAttribute("aria-label", TABLE_WORD + headingOf(box).trim());
      } else if (box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  var pending = null;
  document.addEventListener("DOMContentLoaded", markScrollingTables);
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(markScrollingTables, 150);
  });
})();
