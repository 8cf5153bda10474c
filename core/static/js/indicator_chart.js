// Draws the indicator page's Plotly chart from the figure JSON the server put in the page.
(function () {
  function draw() {
    var holder = document.getElementById("indicator-chart");
    if (!holder || !window.Plotly) { return; }
    var data = document.getElementById(holder.dataset.figureId);
    var figure = JSON.parse(JSON.parse(data.textContent));
    window.Plotly.newPlot(holder, figure.data, figure.layout, {displayModeBar: false, responsive: true});
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
