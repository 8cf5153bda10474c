// Loaded first in <body> (a file, not inline script, so a strict Content-Security-Policy
// allows it): marks the page as having JavaScript before GOV.UK Frontend's styles apply.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
