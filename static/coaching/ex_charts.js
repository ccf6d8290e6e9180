/* Employee experience beside customer experience: one chart per metric, stacked, every x-axis spanning the
   same weeks so a point in one chart lines up with the same week in the others; and the comparison scatter plot. */
(function () {
  "use strict";
  if (!window.Chart) return;
  const COLOURS = { employee: "#6f42c1", customer: "#0d6efd" };

  function formatValue(series, value) {
    if (value === null || value === undefined) return "—";
    const shown = Number(value).toFixed(series.decimals);
    return series.unit === "percent" ? shown + " %" : shown;
  }

  function drawDashboard(node) {
    const data = JSON.parse(node.textContent);
    const container = document.getElementById("ex-charts");
    data.series.forEach(function (series) {
      const column = document.createElement("div");
      column.className = "col-12";
      const card = document.createElement("div");
      card.className = "card shadow-sm";
      const body = document.createElement("div");
      body.className = "card-body";
      const title = document.createElement("h2");
      title.className = "h6";
      title.textContent = series.name + " · " + data.kinds[series.kind];
      body.appendChild(title);
      card.appendChild(body);
      column.appendChild(card);
      container.appendChild(column);
      if (!series.points.length) {
        const empty = document.createElement("div");
        empty.className = "text-secondary small";
        empty.textContent = container.dataset.empty;
        body.appendChild(empty);
        return;
      }
      const holder = document.createElement("div");
      holder.style.height = "160px";
      const canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", series.name);
      canvas.dataset.series = series.key;
      holder.appendChild(canvas);
      body.appendChild(holder);
      new Chart(canvas, {
        type: "line",
        data: {
          datasets: [{
            label: series.name,
            data: series.points.map(function (p) { return { x: Date.parse(p.x), y: p.y }; }),
            borderColor: COLOURS[series.kind],
            backgroundColor: COLOURS[series.kind],
            pointRadius: 3,
            tension: 0.2,
          }],
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          parsing: false,
          scales: {
            x: { type: "time", time: { unit: "week" }, min: data.start, max: data.end },
            y: { ticks: { callback: function (value) { return formatValue(series, value); } } },
          },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: function (item) { return formatValue(series, item.parsed.y); } } },
          },
        },
      });
    });
  }

  function drawScatter(node) {
    const data = JSON.parse(node.textContent);
    new Chart(document.getElementById("ex-scatter"), {
      type: "scatter",
      data: { datasets: [{ label: data.y, data: data.points, backgroundColor: "#6f42c1" }] },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { title: { display: true, text: data.x } }, y: { title: { display: true, text: data.y } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return item.raw.team + " · " + item.raw.week + ": " + item.raw.x.toFixed(1) + " / " + item.raw.y.toFixed(1); } } },
        },
      },
    });
  }

  const dashboard = document.getElementById("ex-chart-data");
  if (dashboard) drawDashboard(dashboard);
  const scatter = document.getElementById("ex-scatter-data");
  if (scatter) drawScatter(scatter);
})();
