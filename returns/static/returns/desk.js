/* The contact desk: the handling-time counter and inserting response scripts. No dependencies. */
"use strict";
(function () {
  function clock(seconds) {
    const minutes = Math.floor(seconds / 60);
    const rest = String(seconds % 60).padStart(2, "0");
    return minutes + ":" + rest;
  }

  // The contact runs from the first action on its customer (the server's start, carried by
  // data-elapsed), never from a page load: an idle desk waits for the agent's first input.
  function startTimer(desk) {
    const clocks = desk.querySelectorAll("[data-desk-clock]");
    const inputs = Array.from(desk.querySelectorAll("[data-desk-timer]"));
    let elapsedAtStart = parseInt(desk.dataset.elapsed, 10);
    let startedAt = Number.isNaN(elapsedAtStart) ? null : Date.now();
    inputs.forEach(function (input) {
      // A value the agent typed (and the server sent back with an error) stays as it is.
      if (input.value && (startedAt === null || Math.abs(parseInt(input.value, 10) - elapsedAtStart) > 2)) {
        input.dataset.edited = "true";
      }
      input.addEventListener("input", function () {
        input.dataset.edited = "true";
      });
    });
    function tick() {
      if (startedAt === null) {
        return;
      }
      const seconds = elapsedAtStart + Math.floor((Date.now() - startedAt) / 1000);
      clocks.forEach(function (output) {
        output.textContent = clock(seconds);
      });
      inputs.forEach(function (input) {
        if (!input.dataset.edited) {
          input.value = Math.max(1, seconds);
        }
      });
    }
    function begin(event) {
      if (startedAt !== null || (event.target && event.target.matches("[data-desk-timer]"))) {
        return;
      }
      elapsedAtStart = 0;
      startedAt = Date.now();
      tick();
    }
    desk.addEventListener("input", begin);
    desk.addEventListener("change", begin);
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
      const refund = select.form.querySelector("[data-refund-row]");
      const method = select.form.querySelector("[data-refund-method]");
      const bank = select.form.querySelectorAll("[data-bank-row]");
      if (!row) {
        return;
      }
      function sync() {
        const departs = select.value !== "" && select.value !== select.dataset.suggested;
        row.classList.toggle("desk-needed", departs);
        if (rejection) {
          rejection.classList.toggle("desk-needed", select.value === "rejected");
        }
        if (refund) {
          refund.hidden = select.value !== "refund";
        }
        bank.forEach(function (field) {
          field.hidden = !method || method.value !== "bank_transfer";
        });
      }
      select.addEventListener("change", sync);
      if (method) {
        method.addEventListener("change", sync);
      }
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
