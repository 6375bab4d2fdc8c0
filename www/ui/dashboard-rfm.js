// RFM分析: the best-customer cluster in one sentence, the segments with what to do for each (and
// their customer lists as CSV), and the R × F grid as a heat map (a table whose cells carry the
// numbers: colour only repeats them). Defines `LtvRfm` only.
'use strict';

const LtvRfm = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { codeName } = LtvText;
  const { heatLevel, groupFigureColumns, listColumn } = LtvDashboard;
  const { groupedBarChart } = LtvCharts;

  /** The labels of the R and F scores from the thresholds ("≤ 30日", "3–4回"). */
  function scoreLabels(d) {
    const { t, count } = d.i18n;
    const p = d.analysis.rfm.params;
    if (p.method !== 'thresholds') {
      return { r: (k) => t('rfm.relative', { score: k }), f: (k) => t('rfm.relative', { score: k }) };
    }
    const rd = p.recencyDays; // at most, for R 5, 4, 3, 2
    const fd = p.frequencyDays; // at least, for F 2, 3, 4, 5
    const r = (k) => {
      if (k === 1) return t('rfm.r.over', { days: count(rd[3] + 1) });
      if (k === 5) return t('rfm.r.within', { days: count(rd[0]) });
      return t('rfm.r.range', { lo: count(rd[4 - k] + 1), hi: count(rd[5 - k]) });
    };
    const f = (k) => {
      if (k === 5) return t('rfm.f.atLeast', { n: count(fd[3]) });
      const lo = k === 1 ? 1 : fd[k - 2];
      const hi = fd[k - 1] - 1;
      return lo === hi ? t('rfm.f.exactly', { n: count(lo) }) : t('rfm.f.range', { lo: count(lo), hi: count(hi) });
    };
    return { r, f };
  }

  /** @param {DashboardContext} d */
  function rfmView(d) {
    const { t, count, percent, decimal } = d.i18n;
    const rfm = d.analysis.rfm;
    const best = rfm.bestCustomers;
    const name = (seg) => codeName(d.i18n, 'segment', seg.segment);
    const labels = scoreLabels(d);

    const sentence = best.customers > 0
      ? t('rfm.best', { customers: percent(best.customerShare, 1), revenue: percent(best.revenueShare, 1), count: count(best.customers), lift: decimal(best.lift, 1) })
      : t('rfm.best.none');

    const segments = dataTable({
      captionId: 'segments-caption',
      caption: t('rfm.segments.caption'),
      stack: true,
      columns: [
        { label: t('rfm.segment'), head: true, cell: (sg) => [h('span', { class: 'seg-name', text: name(sg) }), h('span', { class: 'rule', text: sg.rule })] },
        ...groupFigureColumns(d),
        { label: t('rfm.action'), cls: 'action-text', wide: true, cell: (sg) => codeName(d.i18n, 'action', sg.action) },
        listColumn(d, (sg) => ({ segments: [sg.segment] }), name),
      ],
      rows: rfm.segments,
      rowAttrs: (sg) => ({ 'data-segment': sg.segment }),
    });

    // Each segment's share of the customers beside its share of the revenue: where the revenue
    // sits (the table above carries the same numbers).
    const shares = groupedBarChart({
      title: t('rfm.chart.title'),
      summary: best.customers > 0 ? sentence : t('rfm.chart.summary'),
      describedBy: 'segments-caption',
      labels: rfm.segments.map(name),
      series: [
        { label: t('rfm.customerShare'), values: rfm.segments.map((sg) => sg.customerShare) },
        { label: t('rfm.revenueShare'), values: rfm.segments.map((sg) => sg.revenueShare) },
      ],
      xLabel: t('rfm.segment'),
      yLabel: t('rfm.chart.axisY'),
      tick: (v) => percent(v, 0),
      slanted: true,
    });

    const max = Math.max(0, ...rfm.grid.map((c) => c.customers));
    const cell = (r, f) => rfm.grid.find((c) => c.r === r && c.f === f);
    const segName = Object.fromEntries(rfm.segments.map((sg) => [sg.segment, name(sg)]));
    const grid = h('table', { class: 'heat rf-grid' },
      h('caption', { id: 'grid-caption', text: t('rfm.grid.caption') }),
      h('thead', {}, h('tr', {},
        h('td', { class: 'corner', text: t('rfm.grid.corner') }),
        [1, 2, 3, 4, 5].map((r) => h('th', { scope: 'col' }, h('span', { text: `R${r}` }), h('span', { class: 'range', text: labels.r(r) }))))),
      h('tbody', {}, [5, 4, 3, 2, 1].map((f) => h('tr', {},
        h('th', { scope: 'row' }, h('span', { text: `F${f}` }), h('span', { class: 'range', text: labels.f(f) })),
        [1, 2, 3, 4, 5].map((r) => {
          const c = cell(r, f) || { customers: 0, segment: '' };
          return h('td', { class: `heat-${heatLevel(c.customers, max)} seg-${c.segment}`, 'data-r': r, 'data-f': f },
            h('span', { class: 'count', text: count(c.customers) }),
            h('span', { class: 'share', text: percent(d.analysis.customers ? c.customers / d.analysis.customers : 0, 1) }),
            h('span', { class: 'seg', text: segName[c.segment] || '' }));
        })))));

    return section('rfm', t('rfm.title'), { class: 'card rfm page-break' },
      h('p', { class: 'best-sentence', id: 'best-sentence', text: sentence }),
      h('p', { class: 'lead', text: t('rfm.lead') }),
      h('ul', { class: 'rfm-legend' },
        h('li', { text: t('rfm.r.explain') }), h('li', { text: t('rfm.f.explain') }), h('li', { text: t('rfm.m.explain') })),
      scrollTable('segments-caption', segments, 'segments-wrap'),
      h('p', { class: 'hint no-print', text: t('export.hint') }),
      shares,
      h('h3', { id: 'grid-title', text: t('rfm.grid.title') }),
      h('p', { class: 'hint', text: t('rfm.grid.hint') }),
      scrollTable('grid-caption', grid, 'grid-wrap'));
  }

  return Object.freeze({ rfmView });
})();
