// Starts GOV.UK Frontend's components (menu toggle, error summary focus, notification banners).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// A background job's progress (a cohort's certificates): ask the page's JSON twice a second and move
// the bar, without reloading the page under a screen reader's cursor. Without JavaScript the page
// offers a refresh link instead.
for (const meter of document.querySelectorAll("[data-progress-url]")) {
  const bar = meter.querySelector("progress");
  const label = meter.querySelector("[data-progress-label]");
  const tick = async () => {
    try {
      const response = await fetch(meter.dataset.progressUrl, { headers: { Accept: "application/json" } });
      const state = await response.json();
      bar.max = state.total || 1;
      bar.value = state.done;
      label.textContent = `${state.done} of ${state.total} made`;
      if (state.finished) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // A dropped request is retried on the next tick.
    }
    window.setTimeout(tick, 2000);
  };
  window.setTimeout(tick, 2000);
}
