// Polls the pack's API record while the Celery job builds it, then shows the finished pack.
(function () {
  var holder = document.getElementById("pack-progress");
  if (!holder || !window.fetch) { return; }
  var bar = document.getElementById("pack-progress-bar");
  var text = document.getElementById("pack-progress-text");
  function poll() {
    fetch(holder.dataset.statusUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (pack) {
        bar.value = pack.progress;
        bar.textContent = pack.progress + "%";
        text.textContent = pack.progress + "% · " + (pack.step || "");
        if (pack.state === "published" || pack.state === "failed") {
          window.location.assign(holder.dataset.doneUrl);
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
