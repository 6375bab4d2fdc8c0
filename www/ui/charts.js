// Charts drawn with uPlot (inlined by tools/build-www.mjs; canvas, no network, works inside the
// shadow root and under the page's CSP because it only sets styles through the CSSOM).
// Each chart is a <figure>: a caption, the canvas (role="img", described by the data table that
// always sits next to it), and an HTML legend in which every series also differs by its dash
// pattern, so colour is never the only signal. Call figure.mountChart() once the figure is in the
// document (uPlot measures its box), and figure.destroyChart() before throwing it away.
// Defines `LtvCharts` only; `loadUPlot()` (the vendor uPlot, evaluated on first use) is placed by
// the build above every www file.
'use strict';

const LtvCharts = (() => {
  const { h, svgEl, plain } = LtvDom;

  /** Okabe–Ito colours (readable by colour-blind people), each paired with a dash pattern. */
  const COLORS = ['#0b6e69', '#d55e00', '#0072b2', '#cc79a7', '#7a5c00', '#56799e', '#6b4c9a'];
  const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 3], [12, 6]];
  const INK = '#1d2733';
  const GRID = '#e3e7ec';
  const MARK = '#5b6673';
  const MARK_DASH = [5, 4];
  const FONT = '12px system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", "IPAGothic", Meiryo, sans-serif';
  const LABEL_FONT = `600 ${FONT}`;

  /** The font of values written on the canvas (device pixels). */
  const smallFont = (px) => `${Math.round(11 * px)}px ${FONT.replace(/^12px /, '')}`;

  /** Our charts are pictures with tables beside them: no uPlot legend, cursor or selection. */
  const still = () => ({ legend: { show: false }, cursor: { show: false }, select: { show: false } });

  /** Width of the y axis from its longest tick label (uPlot's documented recipe). */
  function axisSize(u, values, axisIdx, cycleNum) {
    const axis = u.axes[axisIdx];
    if (cycleNum > 1) return axis._size;
    let size = axis.ticks.size + axis.gap;
    const longest = (values || []).reduce((a, v) => (String(v).length > a.length ? String(v) : a), '');
    if (longest) {
      u.ctx.font = axis.font[0];
      size += u.ctx.measureText(longest).width / devicePixelRatio;
    }
    return Math.ceil(size) + 4;
  }

  function axis(label, values, extra) {
    return {
      label, values, stroke: INK, font: FONT, labelFont: LABEL_FONT, labelSize: 22,
      grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 }, ...extra,
    };
  }

  /**
   * uPlot options of a bar chart: `spec.labels` in slots 1…n on x, 0 to the largest value (with
   * some headroom) on y, the bars or their values painted by the `draw` hook.
   * @param {{xLabel: string, yLabel: string, labels: string[]}} spec
   * @param {{max: number, headroom: number, padding: number[], tick: function(number): string,
   *          series: Object[], draw: function(uPlot): void}} bar
   */
  /**
   * The x labels of a sequence (months) that fit side by side: the longer ones (a year's first
   * month, `2024/1`) first, then the others left to right, each kept only where it clears those
   * kept (on a phone two years of months do not all fit; overlapping labels read as nonsense).
   */
  function fittingSplits(u, labels) {
    const px = devicePixelRatio;
    u.ctx.save();
    u.ctx.font = FONT.replace(/^12px/, `${Math.round(12 * px)}px`); // the axis's font, in device pixels
    const widths = labels.map((l) => u.ctx.measureText(plain(l)).width);
    u.ctx.restore();
    const order = labels.map((_, i) => i).sort((a, b) => labels[b].length - labels[a].length || a - b);
    const kept = [];
    for (const i of order) {
      const x = u.valToPos(i + 1, 'x', true);
      if (kept.every((k) => Math.abs(x - k.x) >= (widths[i] + k.w) / 2 + 8 * px)) kept.push({ x, w: widths[i], i });
    }
    return kept.map((k) => k.i + 1).sort((a, b) => a - b);
  }

  function barOptions(spec, bar) {
    const n = spec.labels.length;
    return {
      ...still(),
      padding: bar.padding,
      scales: { x: { time: false, range: [0.4, n + 0.6] }, y: { range: [0, bar.max > 0 ? bar.max * bar.headroom : 1] } },
      axes: [
        axis(spec.xLabel, (u, vals) => vals.map((v) => (Number.isInteger(v) && v >= 1 && v <= n ? plain(spec.labels[v - 1]) : '')),
          // Long names (segments) are written at a slant so that neighbours never overlap.
          { splits: spec.sequence ? (u) => fittingSplits(u, spec.labels) : () => spec.labels.map((_, i) => i + 1),
            grid: { show: false }, ...(spec.slanted ? { rotate: -35, size: 86 } : {}) }),
        axis(spec.yLabel, (u, vals) => vals.map(bar.tick), { size: axisSize }),
      ],
      series: [{}, ...bar.series],
      hooks: { draw: [bar.draw] },
    };
  }

  function legend(items) {
    const swatch = (it, i) => (it.box
      ? svgEl('svg', { width: '18', height: '14', viewBox: '0 0 18 14', 'aria-hidden': 'true', focusable: 'false' },
        svgEl('rect', { x: '1', y: '1', width: '16', height: '12', fill: it.box.fill,
          stroke: it.outline ? it.box.stroke : 'none', 'stroke-width': it.outline ? '2' : null }))
      : svgEl('svg', { width: '34', height: '12', viewBox: '0 0 34 12', 'aria-hidden': 'true', focusable: 'false' },
        svgEl('line', { x1: '1', y1: '6', x2: '33', y2: '6', stroke: it.color ?? COLORS[i % COLORS.length],
          'stroke-width': it.width ?? 2.5, 'stroke-dasharray': (it.dash ?? DASHES[i % DASHES.length]).join(' ') || null })));
    return h('ul', { class: 'legend' }, items.map((it, i) => h('li', {}, swatch(it, i), h('span', { text: it.label }))));
  }

  /**
   * The shared frame: figure > caption, plot box (role img), legend.
   * @param {{title: string, summary: string, describedBy?: string, legendItems?: Array}} spec
   * @param {function(number): Object} options uPlot options for a width
   * @param {Array} data uPlot data
   */
  function figure(spec, options, data) {
    const box = h('div', { class: 'plot', role: 'img', 'aria-label': `${spec.title}. ${spec.summary}`,
      'aria-describedby': spec.describedBy || null });
    const fig = h('figure', { class: 'chart' }, h('figcaption', { text: spec.title }), box,
      spec.legendItems ? legend(spec.legendItems) : null);
    let chart = null;
    let observer = null;
    const size = () => {
      const width = Math.max(240, Math.floor(box.clientWidth || 600));
      return { width, height: width < 480 ? 220 : 280 };
    };
    fig.mountChart = () => {
      const UPlot = chart ? null : loadUPlot();
      if (typeof UPlot !== 'function') return;
      chart = new UPlot({ ...options(), ...size() }, data, box);
      observer = new ResizeObserver(() => {
        const next = size();
        if (chart && (next.width !== chart.width || next.height !== chart.height)) chart.setSize(next);
      });
      observer.observe(box);
    };
    fig.destroyChart = () => {
      observer?.disconnect();
      chart?.destroy();
      chart = observer = null;
    };
    return fig;
  }

  /**
   * Vertical bars with their value written above each bar.
   * @param {{title: string, summary: string, describedBy?: string, labels: string[], values: number[],
   *          xLabel: string, yLabel: string, format: function(number): string, tick?: function(number): string}} spec
   */
  function bars(spec) {
    const xs = spec.values.map((_, i) => i + 1);
    const drawValues = (u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.font = smallFont(devicePixelRatio);
      ctx.fillStyle = INK;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      spec.values.forEach((v, i) => {
        const x = u.valToPos(i + 1, 'x', true);
        const y = u.valToPos(v, 'y', true);
        ctx.fillText(spec.format(v), x, y - 3 * devicePixelRatio);
      });
      ctx.restore();
    };
    const options = () => barOptions(spec, {
      max: Math.max(0, ...spec.values), headroom: 1.15, padding: [18, 8, 0, 0], tick: spec.tick || spec.format,
      series: [{
        label: spec.title, fill: COLORS[0], stroke: COLORS[0], width: 0,
        paths: loadUPlot().paths.bars({ size: [0.62, 64] }), points: { show: false },
      }],
      draw: drawValues,
    });
    return figure(spec, options, [xs, spec.values]);
  }

  /**
   * Bars side by side for each x (e.g. predicted against actual). The first series is drawn
   * solid, the second as an outline with a light fill, so they differ without colour too.
   * `slanted` writes the x labels at a slant (long names); `sequence` (months) writes only the
   * labels that fit side by side.
   * @param {{title: string, summary: string, describedBy?: string, labels: string[],
   *          series: Array<{label: string, values: number[]}>, xLabel: string, yLabel: string,
   *          tick: function(number): string, slanted?: boolean, sequence?: boolean}} spec
   */
  function groupedBars(spec) {
    const k = spec.series.length;
    const xs = spec.labels.map((_, i) => i + 1);
    const styles = spec.series.map((_, j) => (j === 0
      ? { fill: COLORS[0], stroke: COLORS[0] }
      : { fill: '#fbe3d2', stroke: COLORS[1] }));
    const group = 0.76; // share of a slot the bars of one x take
    const drawBars = (u) => {
      const ctx = u.ctx;
      const px = devicePixelRatio;
      ctx.save();
      ctx.lineWidth = 2 * px;
      const base = u.valToPos(0, 'y', true);
      spec.series.forEach((sr, j) => {
        sr.values.forEach((v, i) => {
          const left = u.valToPos(i + 1 - group / 2 + (j * group) / k, 'x', true);
          const right = u.valToPos(i + 1 - group / 2 + ((j + 1) * group) / k, 'x', true);
          const top = u.valToPos(v, 'y', true);
          const w = Math.max(1, right - left - 2 * px);
          const hgt = Math.max(0, base - top);
          ctx.fillStyle = styles[j].fill;
          ctx.fillRect(left + px, top, w, hgt);
          if (j > 0 && hgt > 0) {
            ctx.strokeStyle = styles[j].stroke;
            ctx.strokeRect(left + 2 * px, top + px, w - 2 * px, Math.max(0, hgt - px));
          }
        });
      });
      ctx.restore();
    };
    const options = () => barOptions(spec, {
      max: Math.max(0, ...spec.series.flatMap((sr) => sr.values)), headroom: 1.12, padding: [12, 8, 0, 0], tick: spec.tick,
      // The series only set the scales; the bars are painted by the draw hook.
      series: spec.series.map((sr) => ({ label: sr.label, paths: () => null, points: { show: false } })),
      draw: drawBars,
    });
    const legendItems = spec.series.map((sr, j) => ({ label: sr.label, box: styles[j], outline: j > 0 }));
    return figure({ ...spec, legendItems }, options, [xs, ...spec.series.map((sr) => sr.values)]);
  }

  /**
   * Lines over a numeric x axis; `null` values leave gaps. The first series can be emphasised.
   * `marker` draws a labelled vertical line (e.g. where a holdout period starts).
   * @param {{title: string, summary: string, describedBy?: string, x: number[],
   *          series: Array<{label: string, values: Array<number|null>, emphasis?: boolean}>,
   *          marker?: {x: number, label: string},
   *          xLabel: string, yLabel: string, xTick: function(number): string, yTick: function(number): string}} spec
   */
  function lines(spec) {
    const styled = spec.series.map((sr, i) => ({
      ...sr,
      color: sr.emphasis ? INK : COLORS[(i % (COLORS.length - 1)) + 1],
      dash: sr.emphasis ? [] : DASHES[(i % (DASHES.length - 1)) + 1],
      width: sr.emphasis ? 3.5 : 2,
    }));
    const options = () => ({
      ...still(),
      padding: [12, 12, 0, 0],
      scales: { x: { time: false }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.08 : 1] } },
      axes: [
        axis(spec.xLabel, (u, vals) => vals.map((v) => (Number.isInteger(v) ? spec.xTick(v) : ''))),
        axis(spec.yLabel, (u, vals) => vals.map(spec.yTick), { size: axisSize }),
      ],
      series: [{}, ...styled.map((sr) => ({
        label: sr.label, stroke: sr.color, width: sr.width, dash: sr.dash,
        points: { show: spec.x.length <= 13, size: sr.emphasis ? 6 : 4, fill: sr.color },
      }))],
      hooks: spec.marker ? { draw: [drawMarker] } : {},
    });
    const drawMarker = (u) => {
      const ctx = u.ctx;
      const px = devicePixelRatio;
      const x = u.valToPos(spec.marker.x, 'x', true);
      const top = u.bbox.top;
      ctx.save();
      ctx.strokeStyle = MARK;
      ctx.lineWidth = 1.5 * px;
      ctx.setLineDash(MARK_DASH.map((v) => v * px));
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + u.bbox.height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = smallFont(px);
      ctx.fillStyle = INK;
      ctx.textBaseline = 'top';
      // The label goes on the side with more room.
      const right = x < u.bbox.left + u.bbox.width * 0.6;
      ctx.textAlign = right ? 'left' : 'right';
      ctx.fillText(spec.marker.label, x + (right ? 4 : -4) * px, top + 2 * px);
      ctx.restore();
    };
    const legendItems = spec.marker
      ? [...styled, { label: spec.marker.label, color: MARK, dash: MARK_DASH, width: 1.5 }]
      : styled;
    return figure({ ...spec, legendItems }, options, [spec.x, ...styled.map((sr) => sr.values)]);
  }

  return Object.freeze({ barChart: bars, groupedBarChart: groupedBars, lineChart: lines });
})();
