/* The contact desk: the handling-time counter and inserting response scripts. No dependencies. */
"use strict";
(function () {
  function clock(seconds) {
    const minutes = Math.floor(seconds / 60);
    const rest = String(seconds % 60).padStart(2, "0");
    return minutes + ":" + rest;
  }

  function startTimer(desk) {
    const elapsedAtLoad = parseInt(desk.dataset.elapsed || "0", 10);
    const loadedAt = Date.now();
    const clocks = desk.querySelectorAll("[data-desk-clock]");
    const inputs = Array.from(desk.querySelectorAll("[data-desk-timer]"));
    inputs.forEach(function (input) {
      // A value the agent typed (and the server sent back with an error) stays as it is.
      if (input.value && Math.abs(parseInt(input.value, 10) - elapsedAtLoad) > 2) {
        input.dataset.edited = "true";
      }
      input.addEventListener("input", function () {
        input.dataset.edited = "true";
      });
    });
    function tick() {
      const seconds = elapsedAtLoad + Math.floor((Date.now() - loadedAt) / 1000);
      clocks.forEach(function (output) {
        output.textContent = clock(seconds);
      });
      inputs.forEach(function (input) {
        if (!input.dataset.edited) {
          input.value = Math.max(1, seconds);
        }
      });
    }
    tick();
    window.setInterval(tick, 1000);
  }

  function enableScripts(desk) {
    desk.querySelectorAll("[data-js-only]").forEach(function (element) {
      element.hidden = false;
    });
    desk.querySelectorAll("[data-script-insert]").forEach(function (button) {
      button.addEventListener("click", function () {
        const form = button.closest("form");
        const select = form.querySelector("[data-script-select]");
        const summary = form.querySelector("[data-desk-summary]");
        const option = select.options[select.selectedIndex];
        if (!option || !option.value) {
          select.focus();
          return;
        }
        const current = summary.value.replace(/\s+$/, "");
        summary.value = current ? current + "\n\n" + option.dataset.body : option.dataset.body;
        summary.focus();
        summary.setSelectionRange(summary.value.length, summary.value.length);
      });
    });
  }

  function markOverride(desk) {
    desk.querySelectorAll("select[data-suggested]").forEach(function (select) {
      const row = select.form.querySelector("[data-override-row]");
      const rejection = select.form.querySelector("[data-rejection-row]");
      if (!row) {
        return;
      }
      function sync() {
        const departs = select.value !== "" && select.value !== select.dataset.suggested;
        row.classList.toggle("desk-needed", departs);
        if (rejection) {
          rejection.classList.toggle("desk-needed", select.value === "rejected");
        }
      }
      select.addEventListener("change", sync);
      sync();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const desk = document.querySelector("[data-desk]");
    if (!desk) {
      return;
    }
    startTimer(desk);
    enableScripts(desk);
    markOverride(desk);
  });
})();
