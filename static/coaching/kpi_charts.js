/* KPI charts (agent page, goal page): each metric's daily or weekly series with goal and personal targets
   and coaching-event markers on one time axis, and behaviour scores over time. */
(function () {
  "use strict";
  const dataNode = document.getElementById("kpi-chart-data");
  if (!dataNode || !window.Chart) return;
  const data = JSON.parse(dataNode.textContent);
  if (window["chartjs-plugin-annotation"]) Chart.register(window["chartjs-plugin-annotation"]);

  const EVENT_COLOURS = { observation: "#0d6efd", session: "#6f42c1", one_on_one: "#fd7e14" };
  const EVENT_NAMES = data.event_names;
  const container = document.getElementById("metric-charts");
  const charts = [];

  function formatValue(metric, value) {
    if (value === null || value === undefined) return "—";
    if (metric.unit === "seconds") {
      const total = Math.round(value);
      return Math.floor(total / 60) + ":" + String(total % 60).padStart(2, "0");
    }
    const shown = value.toFixed(metric.decimals);
    return metric.unit === "percent" ? shown + " %" : shown;
  }

  function eventAnnotations() {
    const annotations = {};
    data.events.forEach(function (event, index) {
      annotations["event" + index] = {
        type: "line",
        xMin: event.day,
        xMax: event.day,
        borderColor: EVENT_COLOURS[event.kind],
        borderWidth: 2,
        borderDash: [2, 3],
        label: {
          display: false,
          content: [EVENT_NAMES[event.kind] + " · " + event.day, event.label],
          position: "start",
          backgroundColor: EVENT_COLOURS[event.kind],
          font: { size: 11 },
        },
        enter: function (context) { context.element.label.options.display = true; context.chart.canvas.style.cursor = "pointer"; return true; },
        leave: function (context) { context.element.label.options.display = false; context.chart.canvas.style.cursor = ""; return true; },
        click: function () { window.location.href = event.url; },
      };
    });
    return annotations;
  }

  function targetAnnotations(metric) {
    const annotations = {};
    metric.targets.forEach(function (target, index) {
      annotations["target" + index] = {
        type: "line",
        xMin: target.from,
        xMax: target.to,
        yMin: target.value,
        yMax: target.value,
        borderColor: target.personal ? "#20c997" : "#198754",
        borderWidth: 2,
        borderDash: target.personal ? [6, 4] : [],
        label: {
          display: true,
          content: formatValue(metric, target.value),
          position: "end",
          backgroundColor: target.personal ? "#20c997" : "#198754",
          font: { size: 10 },
        },
      };
    });
    return annotations;
  }

  function points(metric, granularity) {
    return (granularity === "weekly" ? metric.weekly : metric.daily).map(function (p) { return { x: Date.parse(p.x), y: p.y, n: p.n }; });
  }

  function draw(granularity) {
    charts.splice(0).forEach(function (chart) { chart.destroy(); });
    container.innerHTML = "";
    data.metrics.forEach(function (metric) {
      const box = document.createElement("div");
      const title = document.createElement("h3");
      title.textContent = metric.name + " (" + metric.code + ")";
      box.appendChild(title);
      if (!metric.daily.length) {
        const empty = document.createElement("div");
        empty.className = "text-secondary small";
        empty.textContent = container.dataset.empty;
        box.appendChild(empty);
        container.appendChild(box);
        return;
      }
      const holder = document.createElement("div");
      holder.className = "chart-box";
      const canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", metric.name);
      canvas.dataset.metric = metric.code;
      holder.appendChild(canvas);
      box.appendChild(holder);
      container.appendChild(box);
      const values = points(metric, granularity).map(function (p) { return p.y; }).concat(metric.targets.map(function (t) { return t.value; }));
      let low = Math.min.apply(null, values), high = Math.max.apply(null, values);
      const pad = (high - low || 1) * 0.1;
      low = metric.min === null ? low - pad : Math.max(metric.min, low - pad);
      high = metric.max === null ? high + pad : Math.min(metric.max, high + pad);
      charts.push(new Chart(canvas, {
        type: "line",
        data: {
          datasets: [{
            label: metric.code,
            data: points(metric, granularity),
            borderColor: "#495057",
            backgroundColor: "#495057",
            borderWidth: granularity === "weekly" ? 2 : 1,
            pointRadius: granularity === "weekly" ? 2 : 1,
            tension: 0.25,
          }],
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          parsing: false,
          interaction: { mode: "nearest", intersect: false },
          scales: {
            x: { type: "time", time: { unit: "month" }, min: data.start, max: data.end },
            y: { min: low, max: high, ticks: { callback: function (value) { return formatValue(metric, value); } } },
          },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: function (item) { return formatValue(metric, item.parsed.y) + (item.raw.n ? " (n=" + item.raw.n + ")" : ""); } } },
            annotation: { annotations: Object.assign({}, targetAnnotations(metric), eventAnnotations()) },
          },
        },
      }));
    });
  }

  function drawBehaviours() {
    const canvas = document.getElementById("behaviour-chart");
    if (!canvas) return;
    const palette = ["#0d6efd", "#6f42c1", "#d63384", "#fd7e14", "#198754", "#20c997", "#0dcaf0"];
    new Chart(canvas, {
      type: "line",
      data: {
        datasets: data.behaviours.map(function (series, index) {
          return { label: series.name, data: series.points, borderColor: palette[index % palette.length], backgroundColor: palette[index % palette.length], tension: 0.2, pointRadius: 3 };
        }),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { type: "time", time: { unit: "month" }, min: data.start, max: data.end }, y: { min: 1, max: 5, ticks: { stepSize: 1 } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 10 } } },
      },
    });
  }

  document.querySelectorAll("input[name=granularity]").forEach(function (input) {
    input.addEventListener("change", function () { draw(input.value); });
  });
  draw((document.querySelector("input[name=granularity]:checked") || {}).value || "weekly");
  drawBehaviours();
})();
