// The worker: owns the wasm core and the imported data; the page only renders.
// Built into a Blob worker after the wasm-bindgen `--target no-modules` glue (global `LtvWasm`).
// Protocol: the page sends {id, op, ...}; the worker answers {id, ok, result} or
// {id, ok: false, error: {name, message, details}}, and {id, progress} while importing.
'use strict';

let ready = null; // set by the first message, which carries the compiled WebAssembly.Module
let imported = null; // the last import (LtvWasm.Imported)

/** How often progress is posted while importing. */
const PROGRESS_EVERY_MS = 100;

function loaded() {
  if (!imported) throw Object.assign(new Error('no data imported'), { name: 'no_data' });
  return imported;
}

function fail(id, e) {
  const error = { name: (e && e.name) || 'Error', message: String((e && e.message) || e), details: e && e.details };
  postMessage({ id, ok: false, error });
}

async function readAll(blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

const ops = {
  async init({ module }) {
    LtvWasm.initSync({ module });
    return true;
  },

  /** The first bytes of the file: encoding, delimiter, header, mapping, sample rows. */
  async preview({ file, options }) {
    const head = await readAll(file.slice(0, 64 * 1024));
    return LtvWasm.preview(head, file.size <= 64 * 1024, options || {});
  },

  /** Streams the file through the importer, then runs the analysis; keeps both for queries. */
  async import({ file, options, params }, id) {
    if (imported) {
      imported.free();
      imported = null;
    }
    const importer = new LtvWasm.Importer({ sizeHint: file.size, ...options });
    const reader = file.stream().getReader();
    const total = file.size;
    const started = performance.now();
    let bytes = 0;
    let last = 0;
    try {
      // The next read is asked for before this chunk is parsed, so the browser reads the file
      // while the wasm parses.
      let next = reader.read();
      for (;;) {
        const { done, value } = await next;
        if (done) break;
        next = reader.read();
        importer.push(value);
        bytes += value.length;
        const now = performance.now();
        if (now - last >= PROGRESS_EVERY_MS) {
          last = now;
          postMessage({ id, progress: { bytes, total, rows: importer.rows(), elapsedMs: now - started } });
        }
      }
    } catch (e) {
      importer.free();
      throw e;
    }
    imported = importer.finish();
    const report = imported.report();
    const importMs = performance.now() - started;
    postMessage({ id, progress: { bytes, total, rows: report.import.rows, elapsedMs: importMs } });
    // `params: false` stops after the import report (the analysis can follow with `analyze`).
    // A per-customer summary file has no orders: only the forecast can use it.
    if (params !== false && report.import.kind === 'orders') report.analysis = imported.analyze(params || {});
    report.timing = { importMs, analysisMs: performance.now() - started - importMs };
    return report;
  },

  /** Runs the analysis again with other parameters (analysis date, margin, thresholds, CPA). */
  async analyze({ params }) {
    return loaded().analyze(params || {});
  },

  /** The model forecast (BG/NBD, MBG/NBD, Pareto/NBD + Gamma-Gamma); joins the customer table. */
  async forecast({ params }) {
    return loaded().forecast(params || {});
  },

  async customers({ query }) {
    return loaded().customers(query || {});
  },

  async exportCustomers({ options }) {
    return loaded().exportCustomers(options || {});
  },

  /** The LTV calculator: needs no file. */
  async levers({ inputs }) {
    return LtvWasm.levers(inputs || {});
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
    postMessage({ id, ok: true, result: await promise });
  } catch (e) {
    fail(id, e);
  }
};
