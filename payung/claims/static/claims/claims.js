// Report deadlines as clocks: every element with data-deadline="<ISO date-time>" shows the time
// left, or how long ago the deadline passed, in the words the server wrote for the page's
// language (data-left, data-overdue-text, data-hours, data-minutes). The server renders the
// first value; this only keeps it ticking.
(function () {
  "use strict";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    document.querySelectorAll("[data-deadline]").forEach(function (clock) {
      var due = Date.parse(clock.getAttribute("data-deadline"));
      if (isNaN(due)) return;
      var left = due - Date.now();
      var minutes = Math.floor(Math.abs(left) / 60000);
      var span = Math.floor(minutes / 60) + " " + (clock.getAttribute("data-hours") || "h") +
        " " + two(minutes % 60) + " " + (clock.getAttribute("data-minutes") || "m");
      var words = left >= 0 ? clock.getAttribute("data-left") : clock.getAttribute("data-overdue-text");
      clock.textContent = (words || "{time}").replace("{time}", span);
      clock.setAttribute("data-overdue", left < 0 ? "true" : "false");
    });
  }

  tick();
  setInterval(tick, 10000);
})();
