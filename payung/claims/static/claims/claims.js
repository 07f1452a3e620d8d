// The live 2 x 24-hour clock of a work accident's stage I report: every element with
// data-deadline="<ISO date-time>" shows the time left, or how long ago the deadline passed, in
// the page's language only ("sisa 5 j 00 m" in Indonesian, "5 h 00 m left" in English).
(function () {
  "use strict";

  var english = (document.documentElement.lang || "id").slice(0, 2) === "en";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function span(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var hours = Math.floor(minutes / 60);
    return hours + (english ? " h " : " j ") + two(minutes % 60) + " m";
  }

  function tick() {
    document.querySelectorAll("[data-deadline]").forEach(function (clock) {
      var due = Date.parse(clock.getAttribute("data-deadline"));
      if (isNaN(due)) return;
      var left = due - Date.now();
      var text = span(left);
      if (english) {
        clock.textContent = left >= 0 ? text + " left" : "overdue by " + text;
      } else {
        clock.textContent = left >= 0 ? "sisa " + text : "lewat " + text;
      }
      clock.setAttribute("data-overdue", left < 0 ? "true" : "false");
    });
  }

  tick();
  setInterval(tick, 1000);
})();
