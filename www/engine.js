// The main-thread side of the worker, and the documented headless API `LtvCalculator`.
// Classic script, inlined into the widget bundle after `LtvAssets` (the wasm and the sample
// gzipped and packed 7 bits a character, and the worker's source); defines `LtvEngine` only.
// The main thread never parses: it compiles the wasm once, starts Blob workers (they work from
// file://) and exchanges plain messages with them.
'use strict';

const LtvEngine = (() => {
  const { wasmGz, sampleGz, workerSrc } = LtvAssets;
  const { LatestRequest } = LtvUtil;
  let modulePromise = null;
  let workerUrl = null;

  /** The 7-bit groups sent two to a character (see pack7 in tools/build-www.mjs). */
  const UNSAFE7 = [0, 10, 13, 34, 60, 92];

  /** The bytes the build packed 7 bits a character (tools/build-www.mjs: pack7). */
  function unpack7({ bytes, text }) {
    const out = new Uint8Array(bytes);
    let acc = 0;
    let bits = 0;
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) {
        acc = (acc << 7) | UNSAFE7[(c >> 7) - 2];
        bits += 7;
        if (bits >= 8) {
          bits -= 8;
          out[n++] = acc >> bits;
          acc &= (1 << bits) - 1;
        }
        c &= 127;
      }
      acc = (acc << 7) | c;
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = acc >> bits;
        acc &= (1 << bits) - 1;
      }
    }
    return out;
  }

  /** A stream of what the build gzipped, inflated by the browser's own DecompressionStream. */
  function gunzip(packed) {
    return new Blob([unpack7(packed)]).stream().pipeThrough(new DecompressionStream('gzip'));
  }

  /**
   * The compiled wasm, shared by every worker of the page (compiled once, off the main thread,
   * while it is being inflated).
   */
  function wasmModule() {
    modulePromise ??= typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(new Response(gunzip(wasmGz), { headers: { 'Content-Type': 'application/wasm' } }))
      : new Response(gunzip(wasmGz)).arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
    return modulePromise;
  }

  /** The shipped sample order file, as a Blob (a File may be made of it). */
  function sample() {
    return new Response(gunzip(sampleGz)).blob();
  }

  function workerURL() {
    workerUrl ??= URL.createObjectURL(new Blob([workerSrc], { type: 'text/javascript' }));
    return workerUrl;
  }

  function abortError() {
    return new DOMException('The operation was aborted.', 'AbortError');
  }

  /** Turns a worker's error message back into an Error with `name` = stable code and `details`. */
  function toError(e) {
    return Object.assign(new Error(e.message), { name: e.name, details: e.details, file: e.file });
  }

  /** One worker holding one imported file. */
  class Engine {
    #worker = new Worker(workerURL());
    #next = 1;
    #pending = new Map();
    #ready;
    #closed = false;

    constructor() {
      this.#worker.onmessage = ({ data }) => {
        const call = this.#pending.get(data.id);
        if (!call) return;
        if (data.progress) return call.onProgress?.(data.progress);
        this.#pending.delete(data.id);
        if (data.ok) call.resolve(data.result);
        else call.reject(toError(data.error));
      };
      this.#worker.onerror = (event) => {
        event.preventDefault();
        this.#failAll(new Error(event.message || 'worker error'));
      };
      this.#ready = wasmModule().then((module) => this.#send('init', { module }));
    }

    #send(op, args, onProgress) {
      if (this.#closed) return Promise.reject(abortError());
      const id = this.#next++;
      return new Promise((resolve, reject) => {
        this.#pending.set(id, { resolve, reject, onProgress });
        this.#worker.postMessage({ id, op, ...args });
      });
    }

    async call(op, args, onProgress) {
      await this.#ready;
      return this.#send(op, args, onProgress);
    }

    #failAll(error) {
      for (const call of this.#pending.values()) call.reject(error);
      this.#pending.clear();
    }

    /** Stops the worker at once (cancels a running import) and frees its memory. */
    close() {
      if (this.#closed) return;
      this.#closed = true;
      this.#worker.terminate();
      this.#failAll(abortError());
    }
  }

  /**
   * The forecast of one report, in a worker of its own (so that table pages, exports and
   * re-analysis never wait behind it). The file's worker gives the forecast's input once (a few
   * bytes per purchase day, kept here); the forecast worker keeps it between runs. One run at a
   * time: a new run, a cancel or an aborted signal terminates the forecast worker (a new one is
   * made for the next run). The figures join the file worker's table under the core's rules:
   * removed when a run starts (a failed run leaves none), the first answer's as soon as it comes,
   * then the final ones.
   */
  class ForecastRunner {
    #main;
    #worker = null;
    #input = null;
    #runs = new LatestRequest();

    /** @param {Engine} main the file's worker */
    constructor(main) {
      this.#main = main;
    }

    #inputBytes() {
      this.#input ??= this.#main.call('forecastInput', {}).catch((e) => {
        this.#input = null; // asked again next time
        throw e;
      });
      return this.#input;
    }

    /** Stops the run under way, if any (its promise rejects with an AbortError). */
    cancel() {
      this.#worker?.close();
      this.#worker = null;
    }

    /**
     * @param {Object} params see `report.forecast`
     * @param {{onProgress?: function(Object): void, onPreliminary?: function(Object): void, signal?: AbortSignal}} [options]
     */
    async run(params, { onProgress, onPreliminary, signal } = {}) {
      this.cancel(); // a new run replaces the one under way: never two at once
      const latest = this.#runs.begin();
      if (signal?.aborted) throw abortError();
      const threshold = params.aliveThreshold ?? 0.5;
      const attach = (customers) => this.#main.call('attachForecast', { customers, aliveThreshold: threshold });
      const onAbort = () => latest() && this.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await attach(null);
        const input = await this.#inputBytes();
        if (!latest() || signal?.aborted) throw abortError();
        const fresh = !this.#worker;
        this.#worker ??= new Engine();
        const out = await this.#worker.call('forecastRun', { input: fresh ? input : null, request: params }, (p) => {
          if (!latest()) return;
          if (p.stage !== 'preliminary') return onProgress?.(p);
          // The first answer: its figures join the table, then the caller hears of it.
          attach(p.result.customers).then(() => latest() && onPreliminary?.(p.result.forecast), () => {});
        });
        if (!latest()) throw abortError();
        await attach(out.customers);
        return out.forecast;
      } catch (e) {
        if (latest() && e.name !== 'AbortError') await attach(null).catch(() => {});
        throw e;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  /** File, Blob, text, ArrayBuffer or bytes → a Blob the worker can stream. */
  function toBlob(input) {
    if (input instanceof Blob) return input;
    if (typeof input === 'string' || input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return new Blob([input]);
    throw new TypeError('LtvCalculator: input must be a File, Blob, string, ArrayBuffer or Uint8Array');
  }

  function split(options) {
    const { onProgress, signal, ...rest } = options || {};
    return { onProgress, signal, options: rest };
  }

  function withSignal(engine, signal, promise) {
    if (!signal) return promise;
    if (signal.aborted) {
      engine.close();
      return Promise.reject(abortError());
    }
    const onAbort = () => engine.close();
    signal.addEventListener('abort', onAbort, { once: true });
    return promise.finally(() => signal.removeEventListener('abort', onAbort));
  }

  /**
   * Reads an order file (or several files of one shop, as an array) in a worker and returns the
   * report (see README "JS API").
   * @param {File|Blob|string|ArrayBuffer|Uint8Array|Array<File|Blob|string|ArrayBuffer|Uint8Array>} input
   * @param {{columns?: Object<string,string>, encoding?: string, delimiter?: string,
   *          dayOrder?: 'monthFirst'|'dayFirst', shopUtcOffsetMinutes?: number, currency?: string,
   *          amountAdjustments?: string[], perFile?: Object[],
   *          onProgress?: (p: {bytes:number,total:number,rows:number,elapsedMs:number}) => void,
   *          signal?: AbortSignal}} [options]
   */
  async function analyze(input, options) {
    const { onProgress, signal, options: all } = split(options);
    const { analysis: params, ...opts } = all;
    const { perFile, ...shared } = opts;
    const files = Array.isArray(input) ? input.map(toBlob) : null;
    if (files && files.length === 0) throw new TypeError('LtvCalculator: no file');
    const engine = new Engine();
    try {
      const report = await withSignal(engine, signal, engine.call('import', files
        ? { files, options: shared, perFile, params }
        : { file: toBlob(input), options: shared, perFile: perFile && [perFile[0]], params }, onProgress));
      const forecaster = new ForecastRunner(engine);
      return Object.freeze({
        ...report,
        /** Every view again with other parameters (analysis date, margin, RFM, CPM, status, cohorts, CPA). */
        reanalyze: (p) => engine.call('analyze', { params: p || {} }),
        /** The statuses and the lists of 今週やること as they are now (refined by the forecast once it ran). */
        status: () => engine.call('status', {}),
        /** The model forecast: {observationEnd, calibrationEnd, validate, models, model, horizonDays,
         *  clvMonths, annualDiscountRate, margin, aliveThreshold}; adds P(alive) and CLV to the table.
         *  Runs in a worker of its own; a new call replaces (cancels) one under way. Resolves with the
         *  final answer. `options`: `onProgress({stage: 'first'|'checking'|'final'|'intervals', model,
         *  k, n})`, `onPreliminary(forecast)` (the forced model, or BG/NBD, fitted before the holdout
         *  check, without the 80 % intervals: its figures are in the table from then on), `signal` (abort: rejects with an AbortError;
         *  the first answer's figures, if it came, stay in the table). */
        forecast: (p, options) => forecaster.run(p || {}, options || {}),
        /** Stops a forecast under way (its promise rejects with an AbortError). */
        cancelForecast: () => forecaster.cancel(),
        /** One page of the customer table: {sort, ascending, search, segments, cpmGroups, statuses, actionList, probablyLost, offset, limit}. */
        customers: (query) => engine.call('customers', { query: query || {} }),
        /** A CSV for Excel: {sort, search, segments, cpmGroups, statuses, actionList, encoding, labels} → {bytes, rows, unmappable}. */
        exportCustomers: (opt) => engine.call('exportCustomers', { options: opt || {} }),
        /** The LTV pack of the data (no personal data; `salt`: the shop's secret, ≥ 8 characters, the same for packs to merge) → {bytes}. */
        exportPack: (salt) => engine.call('exportPack', { salt }),
        /** A CSV of 初回購入商品別 of the last analysis: {table: 'product'|'group'|'kind', encoding, labels} → {bytes, rows, unmappable}. */
        exportFirstProducts: (opt) => engine.call('exportFirstProducts', { options: opt || {} }),
        /** Frees the workers and their data. */
        close: () => {
          forecaster.cancel();
          engine.close();
        },
      });
    } catch (e) {
      engine.close();
      throw e;
    }
  }

  /** How the first 64 KiB of a file look: encoding, delimiter, header, mapping, sample rows. */
  async function preview(input, options) {
    const { signal, options: opts } = split(options);
    const engine = new Engine();
    try {
      return await withSignal(engine, signal, engine.call('preview', { file: toBlob(input), options: opts }));
    } finally {
      engine.close();
    }
  }

  /** One shared worker for the calls that need no file of their own. */
  let sharedEngine = null;
  const shared = () => (sharedEngine ??= new Engine());

  /** The LTV calculator from the five levers (no file needed). */
  function levers(inputs) {
    return shared().call('levers', { inputs: inputs || {} });
  }

  /**
   * The roles a column can play, with their need, in the order the import check lists them:
   * the core's list (`report.import.roles`), the same for every file. For when there is no report
   * (a file whose columns were not found); asked once.
   * @returns {Promise<Array<{role: string, need: 'key'|'required'|'optional'}>>}
   */
  let rolesPromise = null;
  function roles() {
    rolesPromise ??= shared().call('roles', {}).catch((e) => {
      rolesPromise = null; // asked again next time
      throw e;
    });
    return rolesPromise;
  }

  return Object.freeze({ analyze, preview, levers, roles, sample });
})();
