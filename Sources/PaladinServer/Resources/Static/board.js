// Progressive enhancement of the board: drag a card onto another column to submit its own move form.
// Without this script every card still moves through its form.
(function () {
  "use strict";
  var dragged = null;
  document.querySelectorAll(".board-card").forEach(function (card) {
    if (!card.querySelector("form.move")) { return; }
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.setData("text/plain", card.getAttribute("data-customer"));
    });
  });
  document.querySelectorAll(".column").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (dragged) { event.preventDefault(); column.classList.add("drop-target"); }
    });
    column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("drop-target");
      if (!dragged) { return; }
      var form = dragged.querySelector("form.move");
      var select = form.querySelector("select[name=to]");
      var stage = column.getAttribute("data-stage");
      if (select.querySelector("option[value='" + stage + "']")) {
        select.value = stage;
        form.submit();
      }
      dragged = null;
    });
  });
})();
