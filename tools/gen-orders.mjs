#!/usr/bin/env node
// Seeded synthetic order files: the sample data shipped in the page, and the benchmark inputs.
//
// Customers arrive evenly over the period; each buys as a BG/NBD customer would (Fader, Hardie &
// Lee 2005): purchase rate λ ~ Gamma(r, α), after each purchase the customer drops out with
// probability p ~ Beta(a, b); order values are log-normal around a per-customer level. With the
// defaults ~58 % of customers buy once and a few buy dozens of times (a heavy tail), as in real
// 通販 data. Same seed, same file, byte for byte.
//
// Usage: node tools/gen-orders.mjs --rows 1000000 --format bench [--currency USD] [--encoding cp932] --out FILE
//        node tools/gen-orders.mjs --customers 400 --format sample --out FILE

import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = 1 - next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  // Marsaglia & Tsang (2000) gamma sampler; shape < 1 boosted by U^(1/shape).
  const gamma = (shape, scale) => {
    if (shape < 1) return gamma(shape + 1, scale) * Math.pow(next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x, v;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = next();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  };
  const beta = (a, b) => {
    const x = gamma(a, 1);
    return x / (x + gamma(b, 1));
  };
  return { next, normal, gamma, beta, int: (n) => Math.floor(next() * n) };
}

const PRODUCTS_JA = [
  '国産はちみつ 500g', '有機ルイボスティー 30包', '無添加せっけん 3個セット', '黒酢ドリンク 720ml',
  'オリーブオイル "エクストラバージン" 500ml', '玄米甘酒 6本', '青汁 30包', '手織りタオル, 2枚組',
  'ハンドクリーム 50g', '天然酵母パン 詰め合わせ', '季節のフルーツゼリー', 'お試しセット',
];
const PRODUCTS_EN = [
  'Raw honey 500g', 'Rooibos tea, 30 bags', 'Olive oil "extra virgin"', 'Hand cream 50g', 'Sourdough box',
  'Fruit jelly, assorted', 'Trial set', 'Linen towel, pair', 'Green juice 30 sachets', 'Soap, 3 bars',
];
const CHANNELS = ['Google広告', 'Instagram', 'LINE', '自然検索', 'メルマガ', '紹介'];

const pad = (n, w = 2) => String(n).padStart(w, '0');
function civil(ms) {
  const d = new Date(ms);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
}
const csvCell = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Generates orders; calls `emit(line)` for the header and each row. Stops after `maxRows` data
 * rows or `customers` customers, whichever comes first.
 */
export function generate({ seed = 20240305, customers = Infinity, maxRows = Infinity, format = 'bench', currency = 'JPY',
  start = Date.UTC(2022, 0, 1), years = 3 } = {}, emit) {
  const R = rng(seed);
  const end = start + years * 365 * 86400e3;
  const span = end - start;
  const usd = currency === 'USD';
  // BG/NBD parameters chosen so that ~58 % of customers never come back (per day time unit).
  const r = 0.55, alpha = 60, a = 0.85, b = 1.3;
  let rows = 0;
  let orderNo = 100000;
  const sample = format === 'sample';
  const header = sample
    ? '注文番号,注文日時,会員ID,メールアドレス,商品名,数量,合計金額,原価,流入元,ステータス'
    : format === 'bench-ja'
      ? '注文番号,会員ID,注文日時,合計金額,メールアドレス,商品名,数量,ステータス'
      : 'order_id,customer_id,order_date,amount,email,product,quantity,status';
  emit(header);
  // Customers are generated in arrival order; their orders are buffered and written in date
  // order within a sliding window, as real exports are sorted by date.
  const pending = [];
  const flushUntil = (t) => {
    pending.sort((x, y) => x.t - y.t);
    let i = 0;
    while (i < pending.length && pending[i].t <= t && rows < maxRows) {
      emit(pending[i].line);
      rows++;
      i++;
    }
    pending.splice(0, i);
  };
  const perCustomerGap = sample ? span / Math.max(1, customers) : span / Math.max(1, Math.min(customers, maxRows / 2.2));
  let arrival = start;
  let nextFlush = 50000;
  for (let c = 0; c < customers && rows < maxRows; c++) {
    arrival += R.gamma(1, perCustomerGap);
    if (arrival >= end) break;
    const id = sample ? `M${pad(c + 1, 5)}` : `C${pad(c + 1, 7)}`;
    const email = `${sample ? 'user' : 'c'}${c + 1}@example.${sample ? 'jp' : 'com'}`;
    const lambda = R.gamma(r, 1 / alpha); // purchases per day
    const p = R.beta(a, b);
    const level = Math.exp(R.normal() * 0.45) * (usd ? 38 : 4200);
    const channel = CHANNELS[R.int(CHANNELS.length)];
    let t = arrival;
    while (t < end) {
      const qty = 1 + (R.next() < 0.25 ? R.int(3) : 0);
      const value = level * Math.exp(R.normal() * 0.35) * (0.8 + 0.2 * qty);
      const amount = usd ? (Math.round(value * 100) / 100).toFixed(2) : String(Math.round(value / 10) * 10);
      const [y, mo, d, hh, mi, ss] = civil(t);
      const products = sample ? PRODUCTS_JA : usd ? PRODUCTS_EN : PRODUCTS_JA;
      const product = products[R.int(products.length)];
      const roll = R.next();
      let line;
      if (sample) {
        const status = roll < 0.03 ? 'キャンセル' : '発送済';
        const cost = String(Math.round((Number(amount) * (0.35 + R.next() * 0.15)) / 10) * 10);
        const when = `${y}/${pad(mo)}/${pad(d)} ${pad(hh)}:${pad(mi)}:${pad(ss)}`;
        line = [`A${orderNo++}`, when, id, email, csvCell(product), qty, amount, cost, channel, status].join(',');
      } else {
        const status = roll < 0.02 ? 'cancelled' : 'completed';
        const when = `${y}-${pad(mo)}-${pad(d)} ${pad(hh)}:${pad(mi)}:${pad(ss)}`;
        if (format === 'bench-ja') {
          line = [`A${orderNo++}`, id, when, amount, email, csvCell(product), qty, status === 'cancelled' ? 'キャンセル' : '発送済'].join(',');
        } else {
          line = [`O${orderNo++}`, id, when, amount, email, csvCell(product), qty, status].join(',');
        }
      }
      pending.push({ t, line });
      // BG/NBD: after every purchase (the first too) the customer drops out with probability p.
      if (R.next() < p) break;
      t += R.gamma(1, 1 / Math.max(lambda, 1e-6)) * 86400e3;
    }
    if (pending.length > nextFlush) {
      flushUntil(arrival);
      nextFlush = pending.length + 50000;
    }
  }
  flushUntil(Infinity);
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((acc, v, i, all) => (v.startsWith('--') ? [...acc, [v.slice(2), all[i + 1]]] : acc), []),
  );
  const out = createWriteStream(args.out);
  const cp932 = args.encoding === 'cp932';
  let buf = [];
  let size = 0;
  const flush = () => {
    if (!buf.length) return;
    const text = buf.join('');
    buf = [];
    size = 0;
    out.write(cp932 ? encodeCp932(text) : text);
  };
  const emit = (line) => {
    buf.push(line, '\r\n'.slice(cp932 ? 0 : 1));
    size += line.length;
    if (size > 1 << 20) flush();
  };
  const rows = generate({
    seed: Number(args.seed || 20240305),
    customers: args.customers ? Number(args.customers) : Infinity,
    maxRows: args.rows ? Number(args.rows) : Infinity,
    format: args.format || (cp932 ? 'bench-ja' : 'bench'),
    currency: args.currency || 'JPY',
  }, emit);
  flush();
  out.end();
  process.stderr.write(`${rows} rows → ${args.out}\n`);
}

/** Encodes the few non-ASCII characters of the generated data to CP932 (table built once). */
function encodeCp932(text) {
  const dec = new TextDecoder('shift_jis');
  encodeCp932.table ??= (() => {
    const map = new Map();
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [lead, trail]);
      }
    }
    return map;
  })();
  const out = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80) out.push(code);
    else {
      const pair = encodeCp932.table.get(ch);
      if (pair) out.push(pair[0], pair[1]);
      else out.push(0x3f);
    }
  }
  return Buffer.from(out);
}
