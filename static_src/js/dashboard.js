// The dashboard's progressive enhancement (the pages work without it):
// - a filter form marked data-app-autosubmit applies as soon as a choice changes;
// - on the presentation view, the left and right arrow keys follow the Previous/Next links.

for (const form of document.querySelectorAll("form[data-app-autosubmit]")) {
  form.addEventListener("change", (event) => {
    if (event.target.matches("select, input[type=checkbox]")) {
      form.requestSubmit();
    }
  });
}

if (document.querySelector("[data-app-slides]")) {
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.target.closest("input, select, textarea")) return;
    const which = { ArrowRight: "next", ArrowLeft: "previous" }[event.key];
    const link = which && document.querySelector(`[data-app-slide="${which}"]`);
    if (link) {
      event.preventDefault();
      link.click();
    }
  });
}
