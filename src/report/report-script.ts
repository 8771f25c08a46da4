/**
 * The report's script, run in the browser: reads the page's JSON block and
 * draws each chart the model lists (`charts`) with uPlot into its
 * `[data-chart]` element. Plain ES2017 with no imports, as it runs inline
 * with no network; it touches nothing outside the page.
 *
 * Each chart element gets `data-colors` (the opaque colours its series are
 * filled with) and `data-drawn` once uPlot has drawn it; the page's root gets
 * `data-charts-drawn` (how many) when all are done. The browser test reads
 * these.
 *
 * @module
 */

/** The script's source (no `</script` in it: it is inlined as is). */
export const REPORT_SCRIPT = String.raw`(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#e15759", "#8c8c8c"];
  var BAD = "#d1495b";
  var root = document.documentElement;
  function css(name) { return getComputedStyle(root).getPropertyValue(name).trim(); }
  function unit(v, units, base) {
    var i = 0;
    while (Math.abs(v) >= base && i < units.length - 1) { v /= base; i++; }
    return (i === 0 ? String(Math.round(v)) : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)) + units[i];
  }
  function fmtBytes(v) { return v == null ? "--" : unit(v, [" B", " KiB", " MiB", " GiB", " TiB"], 1024); }
  function fmtCount(v) { return v == null ? "--" : unit(v, ["", "k", "M", "G"], 1000); }
  function short(s, n) { return s.length > n ? "\u2026" + s.slice(s.length - n + 1) : s; }
  function utc(ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); }
  // Time axis labels in UTC, 24-hour: the date at midnight, the time of day otherwise.
  function timeAxis() {
    return { space: 70, values: function (u, splits) {
      var span = u.scales.x.max - u.scales.x.min;
      return splits.map(function (ts) {
        var iso = new Date(ts * 1e3).toISOString();
        if (span < 3600) return iso.slice(11, 19);
        if (iso.slice(11, 19) === "00:00:00") return iso.slice(0, 10);
        return span > 60 * 86400 ? iso.slice(0, 10) : iso.slice(11, 16);
      });
    } };
  }
  function axes(xAxis, yAxis) {
    var ink = css("--ink-soft"), grid = css("--grid");
    var base = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 }, font: "11px system-ui, sans-serif" };
    return [Object.assign({}, base, xAxis), Object.assign({}, base, yAxis)];
  }
  function bars(align) { return uPlot.paths.bars({ size: [0.82, 64], align: align || 0 }); }
  // Time buckets: a bar as wide as its bucket (less a hairline), starting at the bucket's start.
  function buckets() { return uPlot.paths.bars({ size: [0.92, Infinity], align: 1 }); }
  var mounted = [];
  var drawn = 0;
  function mount(id, height, build) {
    var el = document.querySelector('[data-chart="' + id + '"]');
    if (!el) return;
    try {
      var spec = build(Math.max(280, el.clientWidth));
      var opts = Object.assign({ width: Math.max(280, el.clientWidth), height: height }, spec.opts);
      opts.hooks = { draw: [function () {
        if (!el.hasAttribute("data-drawn")) { drawn++; root.setAttribute("data-charts-drawn", String(drawn)); }
        el.setAttribute("data-drawn", "true");
      }] };
      el.setAttribute("data-colors", spec.colors.join(" "));
      mounted.push({ el: el, u: new uPlot(opts, spec.data, el) });
      // Stacked bands are painted top band first; list them bottom band first.
      if (spec.reverseLegend) {
        var rows = el.querySelectorAll(".u-legend .u-series");
        for (var r = rows.length - 1; r >= 1; r--) rows[0].parentNode.appendChild(rows[r]);
      }
    } catch (e) {
      console.error("chart " + id + " could not be drawn: " + (e && e.message));
    }
  }
  function timeRange(tl) {
    var last = tl.x[tl.x.length - 1] + tl.bucketSeconds;
    return function () { return [tl.x[0], last]; };
  }
  // A horizontal bar chart of rows (label, value): biggest on top.
  function hbars(width, rows, value, fmt, color, seriesLabel, labelOf) {
    var labels = rows.map(labelOf || function (r) { return r.label; });
    var xs = rows.map(function (_, i) { return i; });
    // The label column: as wide as the longest label (11px text, about 6.6px a character),
    // at most 300px and 45% of the chart; longer labels keep their end (a path's file name).
    var fits = Math.max(8, Math.min(44, Math.floor((width * 0.45 - 16) / 6.6)));
    var widest = labels.reduce(function (m, l) { return Math.max(m, short(l, fits).length); }, 4);
    return {
      colors: [color],
      data: [xs, rows.map(value)],
      opts: {
        scales: {
          x: { time: false, ori: 1, dir: -1, range: function () { return [-0.5, rows.length - 0.5]; } },
          y: { ori: 0, dir: 1, range: function (u, min, max) { return [0, max > 0 ? max * 1.06 : 1]; } }
        },
        axes: axes(
          { side: 3, size: Math.min(300, 16 + widest * 6.6), gap: 6, grid: { show: false },
            splits: function () { return xs; },
            values: function (u, splits) { return splits.map(function (i) { return labels[i] === undefined ? "" : short(labels[i], fits); }); } },
          { side: 2, size: 30, space: 90, values: function (u, splits) { return splits.map(fmt); } }
        ),
        legend: { show: false },
        cursor: { points: { show: false } },
        series: [
          { label: "", value: function (u, i) { return i == null ? "--" : labels[i]; } },
          { label: seriesLabel, fill: color, stroke: color, width: 0, paths: bars(), points: { show: false },
            value: function (u, v) { return fmt(v); } }
        ]
      }
    };
  }
  // A bar chart's height: 24px a row (11px labels with air between), the axis below, 150px at least.
  function heightOf(n) { return Math.max(150, 34 + n * 24); }

  var tl = data.timeline;
  if (tl) {
    mount("timeline", 300, function () {
      var n = tl.classes.length, acc = tl.x.map(function () { return 0; }), cum = [];
      for (var i = 0; i < n; i++) { acc = acc.map(function (v, j) { return v + tl.bytes[i][j]; }); cum.push(acc.slice()); }
      var series = [{ label: "time (UTC)", value: function (u, ts) { return ts == null ? "--" : new Date(ts * 1e3).toISOString().slice(0, 16).replace("T", " "); } }], d = [tl.x], colors = [];
      for (var k = n - 1; k >= 0; k--) {
        var c = k === n - 1 && tl.classes[k] === "other classes" ? PALETTE[9] : PALETTE[k % 9];
        colors.push(c);
        d.push(cum[k]);
        series.push({ label: tl.classes[k], fill: c, stroke: c, width: 0, paths: buckets(), points: { show: false },
          value: (function (band) { return function (u, v, s, idx) { return idx == null ? "--" : fmtBytes(tl.bytes[band][idx]); }; })(k) });
      }
      return { colors: colors, data: d, reverseLegend: true, opts: {
        tzDate: utc, padding: [12, 40, 0, 0],
        scales: { x: { time: true, range: timeRange(tl) }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } } },
        axes: axes(timeAxis(), { size: 64, values: function (u, splits) { return splits.map(fmtBytes); } }),
        cursor: { points: { show: false } },
        series: series
      } };
    });
    mount("failures", 220, function () {
      return { colors: [BAD], data: [tl.x, tl.failures, tl.records], opts: {
        tzDate: utc, padding: [12, 40, 0, 0],
        scales: { x: { time: true, range: timeRange(tl) }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } } },
        axes: axes(timeAxis(), { size: 52, values: function (u, splits) { return splits.map(fmtCount); } }),
        cursor: { points: { show: false } },
        series: [
          { label: "time (UTC)", value: function (u, ts) { return ts == null ? "--" : new Date(ts * 1e3).toISOString().slice(0, 16).replace("T", " "); } },
          { label: "failed records", fill: BAD, stroke: BAD, width: 0, paths: buckets(), points: { show: false } },
          { label: "all records", show: false, stroke: PALETTE[0], width: 1.5, points: { show: false } }
        ]
      } };
    });
  }
  mount("events", heightOf(data.events.length), function (width) {
    return hbars(width, data.events, function (r) { return r.bytes; }, fmtBytes, PALETTE[0], "bytes");
  });
  mount("users", heightOf(data.users.length), function (width) {
    return hbars(width, data.users, function (r) { return r.bytes; }, fmtBytes, PALETTE[2], "bytes");
  });
  mount("executables", heightOf(data.executables.length), function (width) {
    return hbars(width, data.executables, function (r) { return r.bytes; }, fmtBytes, PALETTE[3], "bytes");
  });
  mount("hours", 200, function () {
    var hs = data.hours.map(function (_, h) { return h; });
    return { colors: [PALETTE[4]], data: [hs, data.hours.map(function (t) { return t.bytes; })], opts: {
      scales: { x: { time: false, range: function () { return [-0.5, 23.5]; } }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.06 : 1]; } } },
      axes: axes({ splits: function () { return hs; }, values: function (u, splits) { return splits.map(function (h) {
        // A label every 3 hours where 3 hours are wide enough for "00:00", else every 6 or 12.
        var perHour = u.bbox.width / (window.devicePixelRatio || 1) / 24;
        var every = perHour >= 13 ? 3 : perHour >= 7 ? 6 : 12;
        return h % every === 0 ? String(h).padStart(2, "0") + ":00" : "";
      }); } },
        { size: 64, values: function (u, splits) { return splits.map(fmtBytes); } }),
      legend: { show: false },
      cursor: { points: { show: false } },
      series: [{ label: "hour" }, { label: "bytes", fill: PALETTE[4], stroke: PALETTE[4], width: 0, paths: bars(), points: { show: false } }]
    } };
  });
  if (data.whatIf) {
    mount("whatif", heightOf(data.whatIf.length), function (width) {
      return hbars(width, data.whatIf, function (r) { return r.bytesPerDay; }, function (v) { return fmtBytes(v) + (v == null ? "" : "/day"); }, PALETTE[1], "bytes per day",
        function (r) { return r.recorded ? "as recorded" : r.flags; });
    });
  }
  function resize() {
    mounted.forEach(function (m) { m.u.setSize({ width: Math.max(280, m.el.clientWidth), height: m.u.height }); });
  }
  var pending = 0;
  window.addEventListener("resize", function () { cancelAnimationFrame(pending); pending = requestAnimationFrame(resize); });
  window.addEventListener("beforeprint", resize);
})();
`;
