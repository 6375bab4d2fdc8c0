#!/usr/bin/env node
// Writes tests/fixtures/cdnow_summary_weeks.csv: the CDNOW calibration summary of Fader, Hardie &
// Lee (2005) in lifetimes' per-customer format (`customer_id,frequency,recency,T,monetary_value`,
// times in weeks), from tests/fixtures/CDNOW_sample.txt (see CDNOW_README.md).
//
// Written here rather than with `cargo run --example rfm_summary`, because that example ends the
// observation at the last purchase day and has no customer column; the paper's calibration ends
// on 1997-09-30. The rules are lifetimes' `summary_data_from_transaction_data`:
//   * rows of one customer on the same day are one purchase (amounts summed);
//   * frequency x = purchase days after the first; recency tₓ = days from the first to the last
//     purchase day ÷ 7; T = days from the first purchase day to 1997-09-30 ÷ 7;
//   * monetary_value = the mean of the repeat purchase days' amounts (0 without repeats).
// Expected: 2,357 customers, 1,411 with x = 0 (the paper's figures).
//
// Usage: node tests/make_cdnow_summary.mjs   (the e2e test checks the file is up to date)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const CALIBRATION_END = Date.UTC(1997, 8, 30); // 1997-09-30
const DAY_MS = 86_400_000;

/** The summary as CSV text (LF line ends, customers in id order). */
export function cdnowSummaryCsv() {
  const text = readFileSync(join(fixtures, 'CDNOW_sample.txt'), 'utf8');
  /** customer id → Map(day number → cents) */
  const customers = new Map();
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells.length < 5) continue;
    const [, id, ymd, , dollars] = cells;
    const day = Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8))) / DAY_MS;
    if (day * DAY_MS > CALIBRATION_END) continue;
    const cents = Math.round(Number(dollars) * 100);
    if (!customers.has(id)) customers.set(id, new Map());
    const days = customers.get(id);
    days.set(day, (days.get(day) || 0) + cents);
  }
  const end = CALIBRATION_END / DAY_MS;
  const lines = ['customer_id,frequency,recency,T,monetary_value'];
  for (const id of [...customers.keys()].sort((a, b) => Number(a) - Number(b))) {
    const days = [...customers.get(id).entries()].sort((a, b) => a[0] - b[0]);
    const first = days[0][0];
    const repeats = days.slice(1);
    const x = repeats.length;
    const recency = x ? (days[days.length - 1][0] - first) / 7 : 0;
    const t = (end - first) / 7;
    const monetary = x ? repeats.reduce((s, [, c]) => s + c, 0) / x / 100 : 0;
    lines.push([id, x, recency, t, Number(monetary.toFixed(6))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const csv = cdnowSummaryCsv();
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','));
  process.stdout.write(`${rows.length} customers, ${rows.filter((r) => r[1] === '0').length} with frequency 0\n`);
  writeFileSync(join(fixtures, 'cdnow_summary_weeks.csv'), csv);
}
