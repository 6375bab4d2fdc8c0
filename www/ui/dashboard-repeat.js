// リピートと継続: F2/F3転換率 within 30/60/90/180/365 days of the first purchase, and 顧客維持率
// year by year and month by month — the figures behind the F2 and retention KPI cards. Defines
// `LtvRepeat` only.
'use strict';

const LtvRepeat = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;

  /** @param {DashboardContext} d */
  function repeatView(d) {
    const { t, count, percent, day } = d.i18n;
    const m = d.analysis.measured;
    const rate = (r, n) => (n > 0 ? percent(r, 1) : '—');
    const period = (p) => `${day(p.start)} – ${day(p.end)}`;
    const windows = dataTable({
      caption: t('repeat.windows.caption'),
      captionId: 'repeat-windows-caption',
      columns: [
        { label: t('repeat.windows.within'), head: true, cell: (w) => t('repeat.windows.days', { days: count(w.days) }) },
        { label: t('repeat.windows.eligible'), num: true, cell: (w) => count(w.eligible) },
        { label: t('repeat.windows.f2'), num: true, cell: (w) => `${rate(w.f2Rate, w.eligible)} (${count(w.f2Customers)})` },
        { label: t('repeat.windows.f3'), num: true, cell: (w) => `${rate(w.f3Rate, w.eligible)} (${count(w.f3Customers)})` },
      ],
      rows: m.repeat.windows,
    });
    const retention = (rows, captionKey, id) => dataTable({
      caption: t(captionKey),
      captionId: id,
      columns: [
        { label: t('repeat.retention.period'), head: true, cell: (p) => period(p) },
        { label: t('repeat.retention.previous'), cell: (p) => `${day(p.previousStart)} – ${day(p.previousEnd)}${p.previousPartial ? ' *' : ''}` },
        { label: t('repeat.retention.active'), num: true, cell: (p) => count(p.activePrevious) },
        { label: t('repeat.retention.retained'), num: true, cell: (p) => count(p.retained) },
        { label: t('repeat.retention.rate'), num: true, cell: (p) => rate(p.rate, p.activePrevious) },
      ],
      rows,
    });
    const months = m.retentionByMonth.slice(-12);
    return section('repeat', t('repeat.title'), {},
      h('p', { class: 'lead', text: t('repeat.lead') }),
      scrollTable('repeat-windows-caption', windows),
      h('p', { class: 'note', text: t('repeat.windows.note') }),
      m.retentionByYear.length
        ? scrollTable('repeat-years-caption', retention(m.retentionByYear, 'repeat.retention.years', 'repeat-years-caption'))
        : h('p', { class: 'note', text: t('repeat.retention.none') }),
      months.length
        ? h('details', { class: 'months' },
          h('summary', { text: t('repeat.retention.monthsSummary', { months: count(months.length) }) }),
          scrollTable('repeat-months-caption', retention(months, 'repeat.retention.months', 'repeat-months-caption')))
        : null,
      h('p', { class: 'note', text: t('repeat.retention.note') }));
  }

  return Object.freeze({ repeatView });
})();
