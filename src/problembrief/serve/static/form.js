// problembrief's guided form: the little htmx does not do by itself. No inline scripts (the page's
// Content-Security-Policy forbids them), nothing fetched from elsewhere.
"use strict";

// When a change cannot reach the form's server (it was stopped) or is refused, the status line says so:
// the user must not believe a change was saved when it was not.
function problembriefNotSaved(event) {
  const status = document.getElementById("save-status");
  if (!status) return;
  const refusal = event.detail && event.detail.xhr && event.detail.xhr.responseText;
  status.textContent = (refusal && refusal.length < 300 ? refusal.trim() + " " : "") + document.body.dataset.notSaved;
  status.classList.add("refused");
}
document.addEventListener("htmx:sendError", problembriefNotSaved);
document.addEventListener("htmx:responseError", problembriefNotSaved);
document.addEventListener("htmx:afterRequest", function (event) {
  const status = document.getElementById("save-status");
  if (status && event.detail.successful) status.classList.remove("refused");
});
