// Starts GOV.UK Frontend's components (menu toggle, error summary focus, notification banners).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
