// Payung's page script: lays out the tile maps, wires the print buttons, and says when the
// page's scripts are set up.
// The Content-Security-Policy allows no inline script and no style="" attribute, so computed
// styles travel as data- attributes and are set here through the CSSOM (element.style), which
// the policy allows.
// Deferred scripts run in document order and this one comes after every page's own, so its
// DOMContentLoaded handler runs last: `<html data-ready>` means every handler has run.
(function () {
  "use strict";

  function positive(text) {
    var n = Number(text);
    return Number.isInteger(n) && n > 0 ? n : null;
  }

  // Tile maps: <div data-grid-cols="N"> of <a data-row="R" data-col="C" data-share="0..100">.
  function layOutTiles() {
    document.querySelectorAll("[data-grid-cols]").forEach(function (grid) {
      var cols = positive(grid.getAttribute("data-grid-cols"));
      if (cols) grid.style.gridTemplateColumns = "repeat(" + cols + ", 1fr)";
    });
    document.querySelectorAll("[data-row][data-col]").forEach(function (tile) {
      var row = positive(tile.getAttribute("data-row"));
      var col = positive(tile.getAttribute("data-col"));
      if (row && col) {
        tile.style.gridRow = String(row);
        tile.style.gridColumn = String(col);
      }
      var share = Number(tile.getAttribute("data-share"));
      if (tile.hasAttribute("data-share") && share >= 0 && share <= 100) {
        tile.style.setProperty("--share", share + "%");
      }
    });
  }

  function wirePrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // The phone menu: the button folds and unfolds the navigation (CSS folds it only when `js`).
  function wireMenu() {
    document.documentElement.classList.add("js");
    document.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
      var nav = document.getElementById(button.getAttribute("aria-controls"));
      if (!nav) return;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        nav.classList.toggle("open", open);
      });
    });
  }

  // On a phone wide tables scroll inside their box; a box that scrolls must take keyboard
  // focus, so that it can be scrolled without a mouse (WCAG 2.1.1).
  function markScrollableTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
      else table.removeAttribute("tabindex");
    });
  }

  // Deferred: the document is parsed already, so the map is placed before the first paint
  // that follows, not only at DOMContentLoaded.
  layOutTiles();
  wirePrintButtons();
  wireMenu();
  window.addEventListener("resize", markScrollableTables);
  document.addEventListener("DOMContentLoaded", function () {
    markScrollableTables();
    document.documentElement.setAttribute("data-ready", "true");
  });
})();
