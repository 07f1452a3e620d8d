// The live 2 x 24-hour clock of a work accident's stage I report: every element with
// data-deadline="<ISO date-time>" shows the time left, or how long ago the deadline passed.
(function () {
  "use strict";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function span(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var hours = Math.floor(minutes / 60);
    return hours + " j " + two(minutes % 60) + " m";
  }

  function tick() {
    document.querySelectorAll("[data-deadline]").forEach(function (clock) {
      var due = Date.parse(clock.getAttribute("data-deadline"));
      if (isNaN(due)) return;
      var left = due - Date.now();
      var text = span(left);
      clock.textContent = left >= 0
        ? "sisa " + text + " / " + text.replace(" j ", " h ") + " left"
        : "lewat " + text + " / overdue by " + text.replace(" j ", " h ");
      clock.setAttribute("data-overdue", left < 0 ? "true" : "false");
    });
  }

  tick();
  setInterval(tick, 1000);
})();
