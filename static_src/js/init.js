// Starts GOV.UK Frontend's components (error summary focus, notification banners,
// service navigation toggle, skip link...). A module file, not inline script, so a
// Content-Security-Policy needs no 'unsafe-inline' for it. Modules only run in browsers
// GOV.UK Frontend supports.
import { initAll } from "./govuk-frontend.min.js";

// js-enabled.js normally sets these classes before first paint; set them here
// too in case a strict CSP blocked that snippet, or initAll refuses to start.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

initAll();
