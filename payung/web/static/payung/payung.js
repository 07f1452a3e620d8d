// Payung's page script: says when the page's scripts are set up.
// Deferred scripts run in document order and this one comes after every page's own, so its
// DOMContentLoaded handler runs last: `<html data-ready>` means every handler has run.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.setAttribute("data-ready", "true");
  });
})();
