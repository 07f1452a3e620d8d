// Roster import: drag-and-drop onto the file input, and a progress bar that polls the run.
// Both are enhancements: without JavaScript the form posts as is and the page refreshes itself.
(function () {
  "use strict";

  function setUpDropzone(zone) {
    var input = zone.querySelector("input[type=file]");
    var chosen = zone.querySelector("[data-chosen]");
    if (!input) return;
    function show() {
      chosen.textContent = input.files && input.files.length ? input.files[0].name : "";
    }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        show();
      }
    });
    input.addEventListener("change", show);
  }

  function formatNumber(n) {
    return n === null || n === undefined ? "" : Number(n).toLocaleString(document.documentElement.lang || "id");
  }

  function poll(section) {
    var url = section.getAttribute("data-progress-url");
    var bar = document.getElementById("progress-bar");
    var text = document.getElementById("progress-text");
    var state = document.getElementById("run-state");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.percent !== null) bar.value = data.percent;
          text.textContent = formatNumber(data.done) + (data.total ? " / " + formatNumber(data.total) : "") + " " + text.getAttribute("data-unit");
          state.textContent = data.state_label;
          state.setAttribute("data-state", data.state);
          if (!data.waiting) {
            window.location.reload();
          } else {
            window.setTimeout(tick, 1000);
          }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-dropzone]").forEach(setUpDropzone);
    var section = document.querySelector("[data-progress-url]");
    if (section) poll(section);
  });
})();
