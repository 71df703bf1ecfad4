// Filters with many options (the events list's club, the admin listings' events, agencies, cohorts...): a text box
// whose datalist is filled as one types from the address in its data-options-url (JSON {"results": [{"title": ...,
// "label": ...}]}), so the page never carries every option. Listens on the document, so a box the admin's filters
// drawer swaps in works too. Without this script the box still works: the server matches the typed name or id.
(function () {
  "use strict";
  if (!window.fetch) return;
  var timers = new WeakMap();
  var tickets = new WeakMap();

  function fill(list, results) {
    list.innerHTML = "";
    results.forEach(function (result) {
      var option = document.createElement("option");
      option.value = result.title;
      if (result.label) option.label = result.label;
      list.appendChild(option);
    });
  }

  function ask(input, list) {
    var q = input.value.trim();
    if (q.length < 2) { fill(list, []); return; }
    var ticket = (tickets.get(input) || 0) + 1;
    tickets.set(input, ticket);
    var url = input.getAttribute("data-options-url");
    fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (tickets.get(input) === ticket) fill(list, data.results || []); })
      .catch(function () { fill(list, []); });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-options-url][list]")) return;
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { ask(input, list); }, 250));
  });
})();
