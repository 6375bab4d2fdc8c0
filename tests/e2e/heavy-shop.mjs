// The shape of issue 13's slow shop, as an order CSV for the browser tests: per block of 296
// customers over 2.5 years, about half one-time buyers, most others with 2–8 purchase days, six
// heavy repeaters with 22–45 purchase days (the shape on which the holdout check of Pareto/NBD
// took tens of seconds). `blocks` copies of it (new customers, same seed stream) make it bigger.
import { rng } from '../../tools/gen-orders.mjs';

export function heavyShopCsv(blocks = 1, seed = 13) {
  const r = rng(seed);
  const span = 913;
  const start = Date.UTC(2022, 0, 1);
  const iso = (d) => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
  const price = () => [1980, 2980, 3480, 4980, 6800, 12800][r.int(6)];
  const lines = ['customer_id,order_date,amount'];
  const repeater = (id, first, n, gap) => {
    let day = first;
    for (let k = 0; k < n && day < span; k++) {
      lines.push(`C${id},${iso(day)},${price()}`);
      day += Math.max(1, Math.round(gap * (0.5 + r.next())));
    }
  };
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < 296; i++) {
      const id = b * 296 + i;
      const first = r.int(span - 30);
      if (i < 148) lines.push(`C${id},${iso(first)},${price()}`);
      else if (i < 290) repeater(id, first, 2 + r.int(7), 75);
      else {
        const n = [22, 27, 31, 36, 40, 45][i - 290];
        repeater(id, r.int(21), n, span / n);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
