// The worker: owns the wasm core and the session data; the page only renders.
// Built into a Blob worker after the wasm-bindgen `--target no-modules` glue (global `LtvWasm`):
// the bundle carries this file as a function whose source LtvEngine puts in the workers'.
// Protocol: the page sends {id, op, ...}; the worker answers {id, ok, result} or
// {id, ok: false, error: {name, message, details}}, and {id, progress} while importing or
// forecasting.
//
// One script, two roles: the file's worker (import, analysis, table pages, exports; it holds the
// Session) and the forecast's worker (`forecastRun` only: it holds a ForecastSession made from the
// file worker's `forecastInput` bytes), so that nothing the page asks waits behind a forecast and
// a forecast can be cancelled by terminating its worker.
'use strict';

let ready = null; // set by the first message, which carries the compiled WebAssembly.Module
let session = null; // the last import (LtvWasm.Session)
let forecaster = null; // the forecast worker's input (LtvWasm.ForecastSession)
let merger = null; // a split file's partials being joined (LtvWasm.Merger)
let packMerger = null; // a split pack's ranges being joined (LtvWasm.PackMerger, or PackAnalyst)

/** A result sent with its buffers transferred, not copied. */
class Transfer {
  constructor(value, buffers) {
    this.value = value;
    this.buffers = buffers;
  }
}

/** The buffers of a forecast result's per-customer arrays. */
function customerBuffers(result) {
  return Object.values(result.customers).map((a) => a.buffer);
}
let wasmMemory = null; // the instance's memory, for the report's timing figures

/** How often progress is posted while importing. */
const PROGRESS_EVERY_MS = 100;

/** Chunk size of the file reads. */
const CHUNK = 1 << 20;

/**
 * The file's bytes, chunk after chunk, read with `File.stream()`: into two reused 1 MiB buffers
 * (a BYOB reader: no garbage per chunk, which on a 500 MB file kept ~100 MB of spent chunks
 * alive), the next read already asked for while a chunk is parsed. `next()` resolves to a
 * `Uint8Array` or `null` at the end; `done(chunk)` gives its buffer back.
 */
function fileChunks(file) {
  let byob = null;
  try {
    byob = file.stream().getReader({ mode: 'byob' });
  } catch {
    /* no BYOB for this stream: the default reader below */
  }
  if (!byob) {
    const reader = file.stream().getReader();
    let pending = reader.read();
    return {
      async next() {
        const { done, value } = await pending;
        pending = done ? pending : reader.read();
        return done ? null : value;
      },
      done() {},
    };
  }
  let spare = new ArrayBuffer(CHUNK);
  let pending = byob.read(new Uint8Array(new ArrayBuffer(CHUNK)));
  return {
    async next() {
      const { done, value } = await pending;
      if (done) return null;
      pending = byob.read(new Uint8Array(spare));
      return value;
    },
    done(chunk) {
      spare = chunk.buffer;
    },
  };
}

function loaded() {
  if (!session) throw Object.assign(new Error('no data session'), { name: 'no_data' });
  return session;
}

function fail(id, e) {
  const error = { name: (e && e.name) || 'Error', message: String((e && e.message) || e), details: e && e.details, file: e && e.file };
  postMessage({ id, ok: false, error });
}

async function readAll(blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * Streams `blob` into `push` until `done()` or its end, calling `report(bytes of this blob, now)`
 * now and then and once at the end (so that a bar reaches 100 %); resolves to the bytes read.
 */
async function streamFile(blob, push, done, report) {
  const chunks = fileChunks(blob);
  let bytes = 0;
  let last = -Infinity; // the first chunk is reported at once
  for (let value = await chunks.next(); value; value = await chunks.next()) {
    push(value);
    chunks.done(value);
    bytes += value.length;
    if (done()) break;
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      report(bytes, now);
    }
  }
  report(bytes, performance.now());
  return bytes;
}

/** One range of a split file into `push` until `done()`, posting `{bytes, rows: rows()}` progress. */
function streamRange(blob, push, done, rows, id) {
  return streamFile(blob, push, done, (bytes) => postMessage({ id, progress: { bytes, rows: rows() } }));
}

/**
 * The report of a new session, with the analysis unless `params` is false; the last progress is
 * posted first. `started`: when the import began (this worker's clock). `first`: the analysis
 * without its later views, which another worker computes (packLater).
 */
function reportOf(session, params, started, bytes, total, id, readers = 1, first = false) {
  const report = session.report();
  const importMs = performance.now() - started;
  postMessage({ id, progress: { bytes, total, rows: report.pack ? null : report.import.rows, elapsedMs: importMs } });
  // `params: false` stops after the import report (the analysis can follow with `analyze`).
  // A per-customer summary file has no orders: only the forecast can use it.
  if (params !== false && report.import.kind === 'orders') report.analysis = first ? session.analyzeFirst(params || {}) : session.analyze(params || {});
  // An aggregates-only LTV pack: its cohort view comes from its cube.
  if (report.pack && report.pack.customerRows === false) report.packCohorts = { ...session.packCohorts(), splits: session.packSplits() };
  report.timing = {
    importMs,
    analysisMs: performance.now() - started - importMs,
    wasmMemoryBytes: wasmMemory ? wasmMemory.buffer.byteLength : null,
    readers, // workers that read the file (several: a split file)
  };
  return report;
}

const ops = {
  async init({ module }) {
    wasmMemory = LtvWasm.initSync({ module }).memory;
    return true;
  },

  /** The first bytes of the file: encoding, delimiter, header, mapping, sample rows. */
  async preview({ file, options }) {
    let head = await readAll(file.slice(0, 64 * 1024));
    // Fewer than two line breaks: a header longer than 64 KiB, which the core reads up to its
    // second line break, at most 4 MiB (sniff::window).
    if (head.length < file.size && head.indexOf(10, head.indexOf(10) + 1) < 0) head = await readAll(file.slice(0, 4 << 20));
    return LtvWasm.preview(head, file.size <= head.length, options || {});
  },

  /** Streams the file through the importer, then runs the analysis; keeps both for queries. */
  async import({ file, files, options, perFile, params }, id) {
    if (session) {
      session.free();
      session = null;
    }
    // Several files (`files`, each with its own options in `perFile`) are one shop: read one
    // after the other into one batch. One file is read alone.
    const list = files || [file];
    const total = list.reduce((n, f) => n + f.size, 0);
    const started = performance.now();
    let bytes = 0;
    /** Streams file `k` into `push`, posting progress (`rows()` read so far) now and then. */
    const stream = async (f, k, push, rows) => {
      bytes += await streamFile(f, push, () => false, (b, now) => postMessage({ id,
        progress: { bytes: bytes + b, total, rows: rows(), file: k, files: list.length, elapsedMs: now - started } }));
    };
    // LTV packs (recognised by their header) are opened, several merged into one; a pack is
    // never mixed with order files.
    const packs = await Promise.all(list.map(async (f) => LtvWasm.looksLikePack(await readAll(f.slice(0, 4096)))));
    if (packs.some(Boolean)) {
      if (!packs.every(Boolean)) throw Object.assign(new Error('LTV packs and order files cannot be read together'), { name: 'pack_mismatch', details: { name: 'files' } });
      // Streamed: a pack is never whole in memory, here or in the worker's wasm memory.
      const set = new LtvWasm.PackSet();
      try {
        for (const [k, f] of list.entries()) {
          set.begin(f.size);
          await stream(f, k, (v) => set.push(v), () => null); // a pack has no rows
          set.end();
        }
      } catch (e) {
        set.free();
        throw e;
      }
      session = set.open();
    }
    let batch = list.length > 1 && !session ? new LtvWasm.Batch() : null;
    for (const [k, f] of (session ? [] : list).entries()) {
      const fileOptions = { sizeHint: f.size, ...options, ...(perFile && perFile[k]) };
      const reader = batch ? batch.next(fileOptions) : new LtvWasm.OrderReader(fileOptions);
      try {
        await stream(f, k, (v) => reader.push(v), () => reader.rows());
      } catch (e) {
        reader.free();
        throw Object.assign(e, { file: k });
      }
      if (!batch) {
        session = reader.finish();
      } else {
        try {
          batch = reader.finishInto();
        } catch (e) {
          throw Object.assign(e, { file: k });
        }
      }
    }
    if (batch) session = batch.finish();
    return reportOf(session, params, started, bytes, total, id);
  },

  /**
   * A split file (engine.js): where to cut it for `workers` workers, and its head (the first
   * 64 KiB, sniffed by every range's reader). `cuts` empty: read it with one worker.
   */
  async splitPlan({ file, options, workers, packWorkers }, id) {
    const head = await readAll(file.slice(0, 64 * 1024));
    const pack = LtvWasm.looksLikePack(head);
    postMessage({ id, progress: { bytes: head.length, rows: pack ? null : 0 } }); // the head is read
    // An LTV pack: its prelude's end, then its ranges' starts (packRange).
    if (pack) return { pack: true, cuts: LtvWasm.packPlan(head, file.size, packWorkers), head };
    return { cuts: workers >= 2 ? LtvWasm.splitPlan(head, file.size, workers, options || {}) : [], head };
  },

  /**
   * One byte range of a split file, from `start`, until its reader is done (its last order
   * ended at a cut past `end`) or the file ends: the partial aggregate (bytes, transferred).
   * The first range (`first`, in the file's worker) becomes the merge itself: `{complete}`.
   */
  async range({ file, options, head, start, end, exact, first }, id) {
    const reader = new LtvWasm.RangeReader(options || {}, head, false, start, end ?? -1, exact);
    try {
      await streamRange(file.slice(start), (v) => reader.push(v), () => reader.done(), () => reader.rows(), id);
    } catch (e) {
      reader.free();
      throw e;
    }
    if (first) {
      if (session) {
        session.free();
        session = null;
      }
      merger?.free();
      merger = reader.intoMerger(options || {});
      return { complete: merger.isComplete() };
    }
    const partial = reader.finish();
    return new Transfer(partial, [partial.buffer]);
  },

  /** Joins the next partial: 'merged', 'complete' or the offset to read that range again from. */
  async mergeAdd({ partial }) {
    if (!merger) throw new Error('no merge under way');
    return merger.add(partial);
  },

  /** The split file's session, report and analysis (as `import` answers). */
  async mergeFinish({ params, elapsedMs, bytes, readers }, id) {
    if (!merger) throw new Error('no merge under way');
    const m = merger;
    merger = null;
    session = m.finish();
    return reportOf(session, params, performance.now() - elapsedMs, bytes, bytes, id, readers);
  },

  /**
   * One byte range of a split LTV pack: the prelude (the file up to `preludeEnd`: its columns,
   * channels and products), then the range's customer records. The first range's worker keeps
   * its records as the merge (`packMerger`; with `share`, its customers also go back as bytes,
   * for the second range's worker); another's customers go back as bytes (with `share`, the
   * second range's worker keeps its records too, to hold the whole pack: packAdd, packLater).
   */
  async packRange({ file, preludeEnd, start, end, first, share }, id) {
    const reader = new LtvWasm.PackRange(preludeEnd, start, end ?? -1, file.size);
    try {
      await streamRange(file.slice(0, preludeEnd), (v) => reader.pushPrelude(v), () => false, () => null, id);
      await streamRange(file.slice(reader.from()), (v) => reader.push(v), () => reader.done(), () => null, id);
    } catch (e) {
      reader.free();
      throw e;
    }
    if (!first && !share) {
      const partial = reader.finish();
      return new Transfer(partial, [partial.buffer]);
    }
    if (session) {
      session.free();
      session = null;
    }
    packMerger?.free();
    packMerger = first ? reader.intoMerger() : reader.intoAnalyst();
    if (!share) return true;
    const partial = first ? packMerger.customers() : packMerger.takeRange();
    return new Transfer(partial, [partial.buffer]);
  },

  /**
   * Appends the next range's customers to the split pack (`giveBack`: the bytes come back): in
   * the first range's worker, or in the second's (the first range's, then those after its own).
   */
  async packAdd({ partial, giveBack }) {
    if (!packMerger) throw new Error('no merge under way');
    packMerger.add(partial);
    return giveBack ? new Transfer(partial, [partial.buffer]) : true;
  },

  /**
   * The split pack's session, report and analysis (as `import` answers); `first`: without the
   * later views, which another worker computes (packLater).
   */
  async packMergeFinish({ params, elapsedMs, bytes, readers, first }, id) {
    if (!packMerger) throw new Error('no merge under way');
    const m = packMerger;
    packMerger = null;
    session = m.open();
    return reportOf(session, params, performance.now() - elapsedMs, bytes, bytes, id, readers, first);
  },

  /**
   * The second range's worker's part of a split pack's analysis (every range's customers added):
   * the later views of the whole pack, computed while the file's worker computes the others.
   */
  async packLater({ params }) {
    if (!packMerger) throw new Error('no merge under way');
    const m = packMerger;
    packMerger = null;
    const whole = m.open();
    try {
      const views = whole.laterViews(params || {});
      return { views, wasmMemoryBytes: wasmMemory ? wasmMemory.buffer.byteLength : null };
    } finally {
      whole.free();
    }
  },

  /**
   * A made-up shop through the import, the analysis and a split pack, once per page: V8 runs a
   * wasm function's first long call in baseline code; after this the first large file's passes
   * run optimised (src/session/warm.rs), in every worker (they share the compiled module).
   */
  async warmUp() {
    LtvWasm.warmUp();
    return true;
  },

  /** Runs the analysis again with other parameters (analysis date, margin, thresholds, CPA). */
  async analyze({ params }) {
    return loaded().analyze(params || {});
  },

  /** The analysis compared with the same analysis at an earlier date (segment moves included). */
  async compare({ params, earlier }) {
    return loaded().compare(params || {}, String(earlier));
  },

  /** The statuses and the lists of 今週やること as they are now (refined once a forecast joined). */
  async status() {
    return loaded().status();
  },

  /** What the forecast reads (bytes, transferred): for the forecast worker. */
  async forecastInput() {
    const bytes = loaded().forecastInput();
    return new Transfer(bytes, [bytes.buffer]);
  },

  /**
   * The per-customer figures of a forecast (or `customers: null`: none) join the table; the
   * `forecast`'s transaction model continues 回収期間 (予測).
   */
  async attachForecast({ customers, aliveThreshold, forecast: f }) {
    const s = loaded();
    if (!customers) return s.clearForecast();
    const c = customers;
    // clvLow/clvHigh: each CLV's 80 % interval (empty arrays when the forecast has none).
    const none = new Float64Array(0);
    return s.attachForecast(c.pAlive, c.expectedPurchases, c.expectedSpend, c.clv, c.clvLow ?? none, c.clvHigh ?? none,
      aliveThreshold ?? 0.5, f?.model || '', new Float64Array(f ? Object.values(f.transactions.params[f.model]) : []),
      f?.unit || '', f?.observationEnd || '');
  },

  /** 回収期間 of the last analysis, continued by the attached forecast (予測) when there is one. */
  async payback() {
    return loaded().payback();
  },

  /**
   * The forecast worker's one op: the model forecast (BG/NBD, MBG/NBD, Pareto/NBD + Gamma-Gamma)
   * of `input` (sent with the first run of this worker) with `request`; posts each stage and the
   * first answer as progress; answers {forecast, customers} with the arrays transferred.
   */
  async forecastRun({ input, request }, id) {
    if (input) {
      forecaster?.free();
      forecaster = new LtvWasm.ForecastSession(input);
    }
    if (!forecaster) throw new Error('no forecast input');
    const out = forecaster.run(request || {}, (progress) => {
      if (progress.stage === 'preliminary') postMessage({ id, progress }, customerBuffers(progress.result));
      else postMessage({ id, progress });
    });
    return new Transfer(out, customerBuffers(out));
  },

  async customers({ query }) {
    return loaded().customers(query || {});
  },

  async exportCustomers({ options }) {
    return loaded().exportCustomers(options || {});
  },

  /** The LTV pack of the data ({salt, options: {aggregates, customerRows, k}}): bytes, transferred. */
  async exportPack({ salt, options }) {
    const bytes = loaded().exportPack(salt || '', options || {});
    return new Transfer({ bytes }, [bytes.buffer]);
  },

  async exportFirstProducts({ options }) {
    return loaded().exportFirstProducts(options || {});
  },

  async exportSubscriptionList({ options }) {
    return loaded().exportSubscriptionList(options || {});
  },

  async exportView({ options }) {
    return loaded().exportView(options || {});
  },

  async exportPayback({ options }) {
    return loaded().exportPayback(options || {});
  },
};

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  try {
    if (op !== 'init') await ready;
    const run = ops[op];
    if (!run) throw new Error(`unknown op ${op}`);
    const promise = run(data, id);
    if (op === 'init') ready = promise;
    const result = await promise;
    if (result instanceof Transfer) postMessage({ id, ok: true, result: result.value }, result.buffers);
    else postMessage({ id, ok: true, result });
  } catch (e) {
    fail(id, e);
  }
};
