// Draws the indicator page's Plotly chart from the figure JSON the server put in the page
// (no inline script). The key is HTML under the chart; hover labels close with Escape
// (WCAG 1.4.13) and the chart redraws to fit its container at any width.
(function () {
  function draw() {
    var holder = document.getElementById("indicator-chart");
    if (!holder || !window.Plotly) { return; }
    var data = document.getElementById(holder.dataset.figureId);
    var figure = JSON.parse(JSON.parse(data.textContent));
    window.Plotly.newPlot(holder, figure.data, figure.layout, {
      displayModeBar: false,
      responsive: true,
      scrollZoom: false,
      doubleClick: false
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && window.Plotly.Fx) {
        window.Plotly.Fx.unhover(holder);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
