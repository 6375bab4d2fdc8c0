// 予測, the part for checking and for consultants: the holdout check of the model used
// (predicted against actual repeat purchases in total, by calibration frequency and week by week,
// and the models compared) and the fit's details (parameters with standard errors, likelihood,
// AIC/BIC, issues). Pure views of a forecast; ForecastView (dashboard-forecast.js) places them.
// Defines `LtvForecastCheck` only.
'use strict';

const LtvForecastCheck = (() => {
  const { h, scrollTable, dataTable } = LtvDom;
  const { groupedBarChart, lineChart } = LtvCharts;
  const { summaryKind } = LtvDashboard;

  /** The transaction models, in the order the settings list them. */
  const MODELS = ['bgNbd', 'mbgNbd', 'paretoNbd'];

  /** Display names of the models' parameters (the papers' symbols). */
  const PARAM_SYMBOLS = { r: 'r', alpha: 'α', a: 'a', b: 'b', s: 's', beta: 'β', p: 'p', q: 'q', v: 'v' };

  /** An ISO day moved by `days`. */
  function shiftDay(iso, days) {
    const [y, m, d] = iso.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
  }

  /** A problem that did not stop the forecast, in plain words. */
  function forecastIssueText(i18n, issue) {
    const { t } = i18n;
    if (issue.subject === 'validation') return t('forecast.issue.validation');
    if (issue.subject === 'gammaGamma') return t('forecast.issue.gammaGamma');
    const model = MODELS.includes(issue.subject) ? t(`forecast.model.${issue.subject}`) : issue.subject;
    const key = `forecast.issue.${issue.code}`;
    return i18n.has(key) ? t(key, { model }) : t('forecast.issue.other', { model });
  }

  /** The holdout check of the model used: totals, by calibration frequency, week by week. */
  function validationView(d, f, stage) {
    const i18n = d.i18n;
    const { t, count, num, decimal, day, percent } = i18n;
    const v = f.validation.find((x) => x.model === f.model);
    const title = h('h3', { id: 'fc-check-title', text: t('forecast.check.title') });
    if (!v) {
      const why = stage !== 'checked' ? t(`forecast.check.${stage}`)
        : d.summary ? t(`forecast.check.none.${summaryKind(d)}`) : t('forecast.check.none');
      return h('div', { class: 'fc-check', id: 'fc-check' }, title, h('p', { text: why }));
    }
    const from = day(shiftDay(v.calibrationEnd, 1));
    const to = day(v.holdoutEnd);
    const calEnd = day(v.calibrationEnd);
    const diff = v.actualTotal > 0 ? (v.predictedTotal - v.actualTotal) / v.actualTotal : null;
    const model = t(`forecast.model.${v.model}`);
    const sentence = t(diff == null ? 'forecast.check.sentenceNoDiff' : 'forecast.check.sentence', {
      model, from, to, predicted: num(v.predictedTotal, 1), actual: count(v.actualTotal),
      diff: diff == null ? '' : `${diff > 0 ? '+' : ''}${percent(diff, 1)}`,
    });
    const bucket = (b) => (b.repeatPurchases === 7 ? t('forecast.check.bucketLast', { n: 7 }) : t('forecast.check.bucket', { n: b.repeatPurchases }));
    const byFrequency = groupedBarChart({
      title: t('forecast.check.freqChart'),
      summary: t('forecast.check.freqSummary'),
      describedBy: 'fc-freq-caption',
      labels: v.byFrequency.map((b) => (b.repeatPurchases === 7 ? '7+' : String(b.repeatPurchases))),
      series: [
        { label: t('forecast.check.actual'), values: v.byFrequency.map((b) => b.actual) },
        { label: t('forecast.check.predicted'), values: v.byFrequency.map((b) => b.predicted) },
      ],
      xLabel: t('forecast.check.freqAxisX', { calEnd }),
      yLabel: t('forecast.check.freqAxisY'),
      tick: (x) => num(x, 1),
    });
    const freqTable = dataTable({
      captionId: 'fc-freq-caption',
      stack: true,
      caption: t('forecast.check.freqCaption', { calEnd, from, to }),
      columns: [
        { label: t('forecast.check.colBucket'), head: true, cell: bucket },
        { label: t('forecast.check.colCustomers'), num: true, cell: (b) => count(b.customers) },
        { label: t('forecast.check.colActual'), num: true, cell: (b) => (b.customers ? decimal(b.actual, 2) : '—') },
        { label: t('forecast.check.colPredicted'), num: true, cell: (b) => (b.customers ? decimal(b.predicted, 2) : '—') },
      ],
      rows: v.byFrequency,
      rowAttrs: (b) => ({ 'data-bucket': b.repeatPurchases }),
    });
    const track = v.tracking;
    const calWeek = (track.find((p) => p.day >= v.calibrationEnd) || track[track.length - 1])?.week;
    const tracking = track.length ? lineChart({
      title: t('forecast.check.trackChart'),
      summary: t('forecast.check.trackSummary', { weeks: count(track.length), actual: count(track[track.length - 1].actual), predicted: num(track[track.length - 1].expected, 1) }),
      describedBy: 'fc-track-caption',
      x: track.map((p) => p.week),
      series: [
        { label: t('forecast.check.actualCum'), values: track.map((p) => p.actual), emphasis: true },
        { label: t('forecast.check.predictedCum', { model }), values: track.map((p) => p.expected) },
      ],
      marker: calWeek != null ? { x: calWeek, label: t('forecast.check.marker', { date: calEnd }) } : undefined,
      xLabel: t('forecast.check.trackAxisX', { date: day(shiftDay(track[0].day, -6)) }),
      yLabel: t('forecast.check.trackAxisY'),
      xTick: (w) => String(w),
      yTick: (y) => count(y),
    }) : null;
    const trackTable = dataTable({
      captionId: 'fc-track-caption',
      caption: t('forecast.check.trackCaption', { calEnd }),
      columns: [
        { label: t('forecast.check.colWeek'), head: true, cell: (p) => t('forecast.check.week', { n: p.week }) },
        { label: t('forecast.check.colWeekEnd'), cell: (p) => day(p.day) },
        { label: t('forecast.check.colPeriod'), cell: (p) => t(p.day <= v.calibrationEnd ? 'forecast.check.calibration' : 'forecast.check.holdout') },
        { label: t('forecast.check.colActualCum'), num: true, cell: (p) => count(p.actual) },
        { label: t('forecast.check.colPredictedCum'), num: true, cell: (p) => num(p.expected, 1) },
      ],
      rows: track,
    });
    const compare = f.validation.length > 1 ? scrollTable('fc-models-caption', dataTable({
      captionId: 'fc-models-caption',
      stack: true,
      caption: t('forecast.check.modelsCaption', { from, to }),
      columns: [
        { label: t('forecast.check.colModel'), head: true, cell: (x) => t(`forecast.model.${x.model}`) },
        { label: t('forecast.check.colPredictedTotal'), num: true, cell: (x) => num(x.predictedTotal, 1) },
        { label: t('forecast.check.colActualTotal'), num: true, cell: (x) => count(x.actualTotal) },
        { label: t('forecast.check.colError'), num: true, cell: (x) => decimal(x.frequencyError, 3) },
        { label: t('forecast.check.colChosen'), wide: true, cell: (x) => [
          x.model === f.suggestedModel ? t('forecast.check.smallest') : '',
          x.model === f.model ? t('forecast.check.used') : ''].filter(Boolean).join(t('list.separator')) },
      ],
      rows: f.validation,
      rowAttrs: (x) => ({ 'data-model': x.model }),
    }), 'fc-models-wrap') : null;
    return h('div', { class: 'fc-check', id: 'fc-check' },
      title,
      h('p', { class: 'lead', text: t('forecast.check.lead', { calEnd, from, to }) }),
      h('p', { class: 'fc-check-sentence', id: 'fc-check-sentence', text: sentence }),
      h('h4', { id: 'fc-freq-title', text: t('forecast.check.freqTitle') }),
      h('p', { class: 'hint', text: t('forecast.check.freqHint') }),
      byFrequency,
      scrollTable('fc-freq-caption', freqTable, 'fc-freq-wrap'),
      tracking ? h('h4', { id: 'fc-track-title', text: t('forecast.check.trackTitle') }) : null,
      tracking ? h('p', { class: 'hint', text: t('forecast.check.trackHint') }) : null,
      tracking,
      tracking ? h('details', { class: 'data-table' }, h('summary', { text: t('forecast.check.trackShow') }),
        scrollTable('fc-track-caption', trackTable, 'fc-track-wrap')) : null,
      compare ? h('h4', { id: 'fc-models-title', text: t('forecast.check.modelsTitle') }) : null,
      compare ? h('p', { class: 'hint', text: t('forecast.check.modelsHint') }) : null,
      compare);
  }

  /** The fit for consultants: parameters, standard errors, likelihood, issues. */
  function fitDetailsView(d, f) {
    const { t, count, decimal } = d.i18n;
    const paramTable = (id, caption, params, report, meaning) => scrollTable(`${id}-caption`, dataTable({
      captionId: `${id}-caption`,
      caption,
      stack: true,
      columns: [
        { label: t('forecast.fit.param'), head: true, cell: (name) => PARAM_SYMBOLS[name] || name },
        { label: t('forecast.fit.estimate'), num: true, cell: (name) => decimal(params[name], 3) },
        { label: t('forecast.fit.se'), num: true, cell: (name) => {
          const se = report.standardErrors[report.parameters.indexOf(name)];
          return se != null ? decimal(se, 3) : '—';
        } },
        { label: t('forecast.fit.meaning'), cls: 'meaning', wide: true, cell: (name) => meaning(name) },
      ],
      rows: report.parameters,
      rowAttrs: (name) => ({ 'data-param': name }),
    }), `${id}-wrap`);
    const stats = (report, unit) => h('dl', { class: 'facts fit-facts' },
      h('div', { class: 'fact' }, h('dt', { text: t('forecast.fit.ll') }), h('dd', { text: decimal(report.logLikelihood, 2) })),
      h('div', { class: 'fact' }, h('dt', { text: t('forecast.fit.aic') }), h('dd', { text: decimal(report.aic, 1) })),
      h('div', { class: 'fact' }, h('dt', { text: t('forecast.fit.bic') }), h('dd', { text: decimal(report.bic, 1) })),
      h('div', { class: 'fact' }, h('dt', { text: t('forecast.fit.converged') }),
        h('dd', { text: t(report.converged ? 'forecast.fit.yes' : 'forecast.fit.no', { n: count(report.iterations) }) })),
      h('div', { class: 'fact' }, h('dt', { text: t('forecast.fit.n') }), h('dd', { text: t('forecast.fit.nValue', { n: count(report.n) }) })),
      unit ? h('div', { class: 'fact' }, h('dt', { text: t('forecast.fit.unit') }), h('dd', { text: t(`forecast.unit.${unit}`) })) : null);
    const atBound = (report) => (report.atBound.length
      ? h('p', { class: 'hint', text: t('forecast.fit.atBound', { params: report.atBound.map((n) => PARAM_SYMBOLS[n] || n).join(t('list.separator')) }) })
      : null);
    const kind = f.model;
    const tp = f.transactions.params[kind];
    const tr = f.transactions.report;
    const spend = f.spend;
    return h('details', { class: 'fit-details', id: 'fc-fit' },
      h('summary', { text: t('forecast.fit.title') }),
      h('p', { class: 'hint', text: t('forecast.fit.lead') }),
      h('h4', { text: t('forecast.fit.transactions', { model: t(`forecast.model.${kind}`) }) }),
      paramTable('fc-params', t('forecast.fit.paramsCaption', { model: t(`forecast.model.${kind}`), unit: t(`forecast.unit.${f.unit}`) }),
        tp, tr, (name) => t(`forecast.param.${kind === 'paretoNbd' ? 'pnbd' : 'bg'}.${name}`)),
      stats(tr, f.unit),
      atBound(tr),
      h('h4', { text: t('forecast.fit.spend') }),
      spend ? paramTable('fc-spend', t('forecast.fit.spendCaption'), spend.params, spend.report, (name) => t(`forecast.param.gg.${name}`)) : null,
      spend ? stats(spend.report, null) : h('p', { text: t('forecast.issue.gammaGamma') }),
      spend ? atBound(spend.report) : null,
      h('h4', { text: t('forecast.fit.issues') }),
      f.issues.length
        ? h('ul', { class: 'fc-issues' }, f.issues.map((i) => h('li', { 'data-code': i.code },
          h('span', { text: forecastIssueText(d.i18n, i) }), ' ', h('code', { text: i.message }))))
        : h('p', { text: t('forecast.fit.noIssues') }));
  }

  return Object.freeze({ MODELS, shiftDay, forecastIssueText, validationView, fitDetailsView });
})();
