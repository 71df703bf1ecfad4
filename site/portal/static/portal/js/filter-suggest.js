// Filters with many options (the events list's club): a text box whose datalist is filled as one types from the
// address in its data-options-url (JSON {"results": [{"title": ...}]}), so the page never carries every option.
// Without this script the box still works: the server matches the typed name.
(function () {
  "use strict";
  if (!window.fetch) return;
  var inputs = document.querySelectorAll("input[data-options-url][list]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-options-url");
    var timer = null;
    var latest = 0;
    if (!list) return;

    function fill(results) {
      list.innerHTML = "";
      results.forEach(function (result) {
        var option = document.createElement("option");
        option.value = result.title;
        list.appendChild(option);
      });
    }

    function ask() {
      var q = input.value.trim();
      if (q.length < 2) { fill([]); return; }
      var ticket = ++latest;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === latest) fill(data.results || []); })
        .catch(function () { fill([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
  });
})();
