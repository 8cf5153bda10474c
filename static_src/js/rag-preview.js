// Live RAG preview on the return entry pages: as the officer types the figure, ask the server
// which RAG it would get (it parses the value by the indicator's unit and rates it with the
// engine's rules) and say so in the page's aria-live region. Progressive enhancement: without
// this script the page works as before. A module file, no inline script, so a strict
// Content-Security-Policy (script-src 'self') allows it.

const DEBOUNCE_MS = 300;

function show(region, data) {
  region.replaceChildren();
  if (data.error) {
    const message = document.createElement("span");
    message.className = "app-rag-preview__error";
    message.textContent = data.error;
    region.append(message);
    return;
  }
  const tag = document.createElement("strong");
  tag.className = `govuk-tag app-rag app-rag--${data.css}`;
  const symbol = document.createElement("span");
  symbol.className = "app-rag__symbol";
  symbol.setAttribute("aria-hidden", "true");
  symbol.textContent = data.symbol;
  tag.append(symbol, ` ${data.label}`);
  const text = document.createElement("span");
  text.textContent = ` ${data.text}`;
  region.append(tag, text);
}

function start(region) {
  const input = document.getElementById(region.dataset.ragPreviewFor);
  const url = region.dataset.ragPreviewUrl;
  if (!input || !url) return;
  let timer = null;
  let controller = null;

  async function ask() {
    const value = input.value.trim();
    if (controller) controller.abort();
    if (!value) {
      region.replaceChildren();
      return;
    }
    controller = new AbortController();
    try {
      const response = await fetch(`${url}?value=${encodeURIComponent(value)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      const data = await response.json();
      show(region, data);
    } catch (error) {
      if (error.name !== "AbortError") region.replaceChildren();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, DEBOUNCE_MS);
  });
  if (input.value.trim()) ask();
}

document.querySelectorAll("[data-rag-preview-url]").forEach(start);
