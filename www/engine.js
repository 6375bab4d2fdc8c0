// The wasm, the workers, and the documented headless API `LtvCalculator`.
// Classic script, inlined into the widget bundle after `LtvAssets` (the wasm and the sample
// gzipped and packed 7 bits a character; the wasm-bindgen glue and the worker as functions);
// defines `LtvEngine` only.
// The main thread never parses: it compiles the wasm once, starts Blob workers (they work from
// file://) and exchanges plain messages with them. Only what needs no file and takes
// microseconds runs on the main thread (the five-lever calculator, the role list): the page's
// first answer then waits for no worker.
'use strict';

const LtvEngine = (() => {
  const { wasmGz, sampleGz, glue, worker } = LtvAssets;
  const { LatestRequest } = LtvUtil;
  const { unpack7 } = LtvPacked;
  let workerUrl = null;

  /**
   * A stream of what the build gzipped, inflated by the browser's own DecompressionStream. From
   * a Response of the bytes, not a Blob: its first read is at hand, where a Blob's waits for the
   * browser's blob store, so the wasm was inflated only after the page's first layout.
   */
  function gunzip(packed) {
    return new Response(unpack7(packed)).body.pipeThrough(new DecompressionStream('gzip'));
  }

  /**
   * The compiled wasm, shared by this thread's core and every worker of the page: inflated and
   * compiled once, from the moment this script runs (the compile itself runs off the main
   * thread, while the page lays itself out).
   */
  const modulePromise = (typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(new Response(gunzip(wasmGz), { headers: { 'Content-Type': 'application/wasm' } }))
    : new Response(gunzip(wasmGz)).arrayBuffer().then((bytes) => WebAssembly.compile(bytes)))
    .then((module) => {
      performance.mark('ltv:wasm');
      return module;
    });
  modulePromise.catch(() => {}); // reported by whoever needs the wasm (e.g. a CSP without 'wasm-unsafe-eval')

  /** The shipped sample order file, as a Blob (a File may be made of it). */
  function sample() {
    return new Response(gunzip(sampleGz)).blob();
  }

  /** The workers' script: the glue, then www/worker.js (both from this bundle's own source). */
  function workerURL() {
    workerUrl ??= URL.createObjectURL(new Blob([`'use strict';\nconst LtvWasm = (${glue})();\n(${worker})();\n`],
      { type: 'text/javascript' }));
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
      this.#ready = modulePromise.then((module) => this.#send('init', { module }));
    }

    #send(op, args, onProgress, transfer = []) {
      if (this.#closed) return Promise.reject(abortError());
      const id = this.#next++;
      return new Promise((resolve, reject) => {
        this.#pending.set(id, { resolve, reject, onProgress });
        this.#worker.postMessage({ id, op, ...args }, transfer);
      });
    }

    /** Runs `op` in the worker; `transfer`: buffers of `args` moved, not copied. */
    async call(op, args, onProgress, transfer) {
      await this.#ready;
      return this.#send(op, args, onProgress, transfer);
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
      // The forecast goes with the figures: 回収期間 is continued with its model (予測).
      const attach = (customers, forecast) => this.#main.call('attachForecast', { customers, aliveThreshold: threshold, forecast });
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
          attach(p.result.customers, p.result.forecast).then(() => latest() && onPreliminary?.(p.result.forecast), () => {});
        });
        if (!latest()) throw abortError();
        await attach(out.customers, out.forecast);
        return out.forecast;
      } catch (e) {
        if (latest() && e.name !== 'AbortError') await attach(null).catch(() => {});
        throw e;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  /**
   * A file's worker started ahead, its wasm instantiated, so that choosing a file never waits for
   * a worker to start (the first progress comes within a chunk's read). A worker per file is kept
   * (not one per page): terminating it is how an import is cancelled at once and its memory freed.
   */
  let spare = null;

  /**
   * Once per page, in a worker with nothing else to do yet: a made-up shop through every step, so
   * that the first large file runs optimised code (src/session/warm.rs; the workers share it).
   */
  let warmed = false;
  function warmUp(engine) {
    if (warmed) return;
    warmed = true;
    engine.call('warmUp').catch(() => {});
  }

  /** Starts a spare file worker when the page is idle (the widget asks once its drop zone shows). */
  function prepare() {
    if (spare) return;
    const start = () => {
      spare ??= new Engine();
      warmUp(spare);
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2000 });
    else setTimeout(start, 200);
  }

  /**
   * The spare worker if there is one, else a new one. No other spare is started here (an idle
   * worker's wasm is memory held while a file is analysed): the widget asks for one when its
   * drop zone shows again.
   */
  function fileEngine() {
    const engine = spare ?? new Engine();
    spare = null;
    return engine;
  }

  /** Workers that read one file together (at most; the core also keeps ranges ≥ 4 MiB). */
  const MAX_READERS = 8;

  /**
   * How many workers read a large order file by default: every core when there are four or
   * more. With fewer, the split measured slower than one worker (bench/README.md: the helpers'
   * start and the join cost ~30 % more CPU, which two busy cores do not repay), so one reads it.
   * Files over 256 MiB are read by one worker too: the split holds up to half the data twice
   * meanwhile. An LTV pack is split on every core: its ranges join by appending, nearly free.
   */
  function defaultReaders(size) {
    const cores = navigator.hardwareConcurrency || 1;
    return cores >= 4 && size <= 256 << 20 ? Math.min(MAX_READERS, cores) : 1;
  }

  function packReaders() {
    return Math.min(MAX_READERS, navigator.hardwareConcurrency || 1);
  }

  /**
   * One large file read by every core (issue 17): the core cuts it into byte ranges
   * (`splitPlan`), the file's worker and helper workers read one range each into a partial
   * aggregate, and the file's worker joins them in file order into the same report one worker
   * makes (a range that started inside a quoted field is read again from where the one before
   * it stopped). An LTV pack is cut after its prelude into ranges of customer records
   * (packSplit). `readers`: how many workers (default: defaultReaders, packReaders). Resolves
   * `null` when the file is read by one worker (small, UTF-16, a summary file, one reader
   * asked, or anything the split cannot reproduce: then `import` reads it).
   */
  async function importSplit(engine, file, options, params, onProgress, signal, readers) {
    const workers = Math.min(MAX_READERS, Math.floor(readers ?? defaultReaders(file.size)));
    const packWorkers = Math.min(MAX_READERS, Math.floor(readers ?? packReaders()));
    if (!(Math.max(workers, packWorkers) >= 2) || file.size < 8 << 20) return null;
    const started = performance.now();
    // The bytes shown never go back (each range's worker reads the prelude, then its range) nor
    // pass the file's size (a range's last chunk runs past its end).
    let most = 0;
    const report = onProgress;
    onProgress = (p) => report?.({ ...p, bytes: (most = Math.min(file.size, Math.max(most, p.bytes))) });
    const plan = await engine.call('splitPlan', { file, options, workers, packWorkers },
      (p) => onProgress({ bytes: p.bytes, total: file.size, rows: p.rows, elapsedMs: performance.now() - started }));
    const { head } = plan;
    const cuts = [...plan.cuts]; // a Float64Array from the core
    if (!cuts.length) return null;
    if (plan.pack) return packSplit(engine, file, cuts, params, onProgress, signal, started);
    const helpers = cuts.map(() => new Engine());
    const others = new Set(helpers);
    const close = () => others.forEach((h) => h.close());
    signal?.addEventListener('abort', close, { once: true });
    const starts = [0, ...cuts];
    const ends = [...cuts, -1];
    const progress = progressOf(starts, file, onProgress, started);
    const read = (worker, k, start, exact) => worker.call('range', { file, options, head, start, end: ends[k], exact, first: k === 0 && start === 0 }, progress(k));
    try {
      // The file's worker reads the first range and keeps it as the merge; a helper each other range.
      const first = read(engine, 0, 0, true);
      const partials = helpers.map((h, i) => read(h, i + 1, starts[i + 1], false).finally(() => {
        h.close(); // its memory goes as soon as its partial is here
        others.delete(h);
      }));
      partials.forEach((p) => p.catch(() => {})); // not awaited when the file is complete early
      let complete = (await first).complete;
      for (let k = 1; k < starts.length && !complete; k++) {
        let partial = await partials[k - 1];
        let added = await engine.call('mergeAdd', { partial }, null, [partial.buffer]);
        while (typeof added === 'number') {
          // It started inside a quoted field: read again from where the range before it stopped.
          const again = new Engine();
          others.add(again);
          try {
            partial = await read(again, k, added, true);
          } finally {
            again.close();
            others.delete(again);
          }
          added = await engine.call('mergeAdd', { partial }, null, [partial.buffer]);
        }
        complete = added === 'complete';
      }
      close();
      return await engine.call('mergeFinish', { params, elapsedMs: performance.now() - started, bytes: file.size, readers: starts.length }, onProgress);
    } catch (e) {
      close();
      if (e.name === 'AbortError' || signal?.aborted) throw e;
      return null; // one worker reads it (and reports what is wrong with it, if anything)
    } finally {
      signal?.removeEventListener('abort', close);
    }
  }

  /** Progress of ranges read at once (`starts`: one per range), summed over them. */
  function progressOf(starts, file, onProgress, started) {
    const seen = starts.map(() => ({ bytes: 0, rows: 0 }));
    return (k) => (p) => {
      seen[k] = p;
      // `rows: null`: a pack's ranges, which have no rows to count.
      const rows = seen.some((x) => x.rows == null) ? null : seen.reduce((n, x) => n + x.rows, 0);
      onProgress?.({ bytes: seen.reduce((n, x) => n + x.bytes, 0), total: file.size, rows, elapsedMs: performance.now() - started });
    };
  }

  /**
   * A large LTV pack read by every core (issue 18): each worker reads the prelude (the pack's
   * first records, up to `cuts[0]`) and one range of its customer records; the file's worker
   * appends the others' customers in file order (src/pack/split.rs). The analysis is split too
   * (`share`): the second range's worker keeps its records, is sent every other range's
   * customers, holds the whole pack as well, and computes the later views (初回購入商品別, 定期,
   * 回収期間, 引き上げ, 月次推移, cohorts) while the file's worker computes the others. The report
   * comes with the file's worker's part; `report.complete` resolves once the later views are in
   * `report.analysis` (the same values as one worker's: the e2e test compares them), so that the
   * page draws the first sections meanwhile. Any range that cannot be read as part of a split (a
   * broken row, a quoted line break at a cut) resolves `null`: one worker reads the pack and
   * reports its error at its line.
   */
  async function packSplit(engine, file, cuts, params, onProgress, signal, started) {
    const [preludeEnd] = cuts;
    const ends = [...cuts.slice(1), -1];
    const helpers = cuts.slice(1).map(() => new Engine());
    const others = new Set(helpers);
    const close = () => others.forEach((h) => h.close());
    signal?.addEventListener('abort', close, { once: true });
    const done = () => {
      close();
      signal?.removeEventListener('abort', close);
    };
    const progress = progressOf(cuts, file, onProgress, started);
    const share = params !== false;
    if (share) warmUp(helpers[0]); // (when the page's spare worker has not: before its range)
    const read = (worker, k) => worker.call('packRange', { file, preludeEnd, start: cuts[k], end: ends[k], first: k === 0, share: share && k <= 1 }, progress(k));
    try {
      const first = read(engine, 0);
      const partials = helpers.map((h, i) => read(h, i + 1).finally(() => {
        if (share && i === 0) return; // it computes the later views
        h.close(); // its memory goes as soon as its customers are here
        others.delete(h);
      }));
      partials.forEach((p) => p.catch(() => {}));
      // The analyst gets the first range's customers once its own range is read (a worker runs
      // the ops that wait for the file at the same time as others), then each later range's.
      const analyst = share ? helpers[0] : null;
      const own = await first;
      const add = (partial) => () => analyst.call('packAdd', { partial }, null, [partial.buffer]);
      let chain = analyst && partials[0].then(add(own));
      chain?.catch(() => {}); // a range's error is the loop's below
      for (const [k, p] of partials.entries()) {
        const partial = await p;
        const back = await engine.call('packAdd', { partial, giveBack: analyst && k > 0 }, null, [partial.buffer]);
        if (analyst && k > 0) {
          chain = chain.then(add(back));
          chain.catch(() => {});
        }
      }
      const later = analyst && chain.then(() => analyst.call('packLater', { params }));
      later?.catch(() => {});
      const report = await engine.call('packMergeFinish', { params, first: share, elapsedMs: performance.now() - started, bytes: file.size, readers: cuts.length }, onProgress);
      if (!share) {
        done();
        return report;
      }
      report.complete = later.then(({ views, wasmMemoryBytes }) => {
        if (report.analysis) Object.assign(report.analysis, views);
        // Workers that computed the analysis, and the second one's wasm memory (it holds the
        // whole pack too: the file's worker's is wasmMemoryBytes).
        Object.assign(report.timing, { analysers: 2, analystWasmMemoryBytes: wasmMemoryBytes });
      }, async (e) => {
        if (e.name === 'AbortError' || signal?.aborted) throw e;
        const all = await engine.call('analyze', { params }); // the helper failed: all here
        if (report.analysis) Object.assign(report.analysis, all);
      }).then(() => report.analysis).finally(done);
      return report;
    } catch (e) {
      done();
      if (e.name === 'AbortError' || signal?.aborted) throw e;
      return null;
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
   *          amountAdjustments?: string[], perFile?: Object[], readers?: number, early?: boolean,
   *          onProgress?: (p: {bytes:number,total:number,rows:number|null,elapsedMs:number}) => void,
   *          signal?: AbortSignal}} [options]
   */
  async function analyze(input, options) {
    const { onProgress, signal, options: all } = split(options);
    const { analysis: params, readers, early, ...opts } = all;
    const { perFile, ...shared } = opts;
    const files = Array.isArray(input) ? input.map(toBlob) : null;
    if (files && files.length === 0) throw new TypeError('LtvCalculator: no file');
    const engine = fileEngine();
    try {
      const file = files ? null : toBlob(input);
      const whole = () => engine.call('import', files
        ? { files, options: shared, perFile, params }
        : { file, options: shared, perFile: perFile && [perFile[0]], params }, onProgress);
      const fileOptions = file && { sizeHint: file.size, ...shared, ...(perFile && perFile[0]) };
      const report = await withSignal(engine, signal, (file
        ? importSplit(engine, file, fileOptions, params, onProgress, signal, readers)
        : Promise.resolve(null)).then((r) => r ?? whole()));
      const complete = report.complete ?? Promise.resolve(report.analysis);
      complete.catch(() => {}); // (the caller's await sees the error)
      if (!early) await withSignal(engine, signal, complete);
      const forecaster = new ForecastRunner(engine);
      return Object.freeze({
        ...report,
        /** Resolves with `analysis` once it is whole: with `early`, a large pack's report comes when
         *  the file's worker's part of the analysis is ready, and the later views follow. */
        complete,
        /** Every view again with other parameters (analysis date, margin, RFM, CPM, status, cohorts, CPA). */
        reanalyze: (p) => engine.call('analyze', { params: p || {} }),
        /** The analysis with `params` compared with the same analysis at `earlier` (YYYY-MM-DD): both
         *  dates' headline figures, each segment at both, the moves between segments. */
        compare: (p, earlier) => engine.call('compare', { params: p || {}, earlier }),
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
        /** 回収期間 of the last analysis, continued past the analysis date by the forecast once it ran (`predicted`). */
        payback: () => engine.call('payback', {}),
        /** Stops a forecast under way (its promise rejects with an AbortError). */
        cancelForecast: () => forecaster.cancel(),
        /** One page of the customer table: {sort, ascending, search, segments, cpmGroups, statuses, actionList, probablyLost, offset, limit}. */
        customers: (query) => engine.call('customers', { query: query || {} }),
        /** A CSV for Excel: {sort, search, segments, cpmGroups, statuses, actionList, encoding, labels} → {bytes, rows, unmappable}. */
        exportCustomers: (opt) => engine.call('exportCustomers', { options: opt || {} }),
        /** The LTV pack of the data (no personal data; `salt`: the shop's secret, ≥ 8 characters, the same for packs to merge) → {bytes}.
         *  `options`: {aggregates: true} adds the aggregates (weighted table, cohort cube), {customerRows: false} writes them
         *  alone (a pack for bases too big for customer rows); `k` (10): cells of fewer customers are pooled or suppressed. */
        exportPack: (salt, options) => engine.call('exportPack', { salt, options: options || {} }),
        /** A CSV of 初回購入商品別 of the last analysis: {table: 'product'|'group'|'kind', encoding, labels} → {bytes, rows, unmappable}. */
        exportFirstProducts: (opt) => engine.call('exportFirstProducts', { options: opt || {} }),
        /** A CSV of one 定期 list of the last analysis: {list: 'dueSoon'|'stoppedAfterFirst', encoding, labels} → {bytes, rows, unmappable}. */
        exportSubscriptionList: (opt) => engine.call('exportSubscriptionList', { options: opt || {} }),
        /** A CSV of a table of the last analysis's views: {table: 'monthly'|…, encoding, labels} → {bytes, rows, unmappable}. */
        exportView: (opt) => engine.call('exportView', { options: opt || {} }),
        /** A CSV of 回収期間 as shown (observed, then 予測 once the forecast ran): {encoding, labels, names} → {bytes, rows, unmappable}. */
        exportPayback: (opt) => engine.call('exportPayback', { options: opt || {} }),
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

  /**
   * The core on this thread, for what needs no file and takes microseconds (the calculator, the
   * role list): a worker starts only once the page's first layout is done, and ~100 ms later
   * still, where this instance is ready as soon as the wasm is compiled.
   */
  let here = null;
  function core() {
    here ??= modulePromise.then(async (module) => {
      const wasm = glue();
      try {
        wasm.initSync({ module });
      } catch {
        await wasm({ module_or_path: module }); // a browser that will not instantiate it synchronously
      }
      performance.mark('ltv:core');
      return wasm;
    });
    return here;
  }

  /** `fn(LtvWasm)` on this thread; its error as a worker's would be (a stable code in `name`). */
  async function onThisThread(fn) {
    const wasm = await core();
    try {
      return fn(wasm);
    } catch (e) {
      throw toError(e);
    }
  }

  /** The LTV calculator from the five levers (no file needed). */
  function levers(inputs) {
    return onThisThread((wasm) => wasm.levers(inputs || {}));
  }

  /**
   * The roles a column can play, with their need, in the order the import check lists them:
   * the core's list (`report.import.roles`), the same for every file. For when there is no report
   * (a file whose columns were not found); asked once.
   * @returns {Promise<Array<{role: string, need: 'key'|'required'|'optional'}>>}
   */
  let rolesPromise = null;
  function roles() {
    rolesPromise ??= onThisThread((wasm) => wasm.roles()).catch((e) => {
      rolesPromise = null; // asked again next time
      throw e;
    });
    return rolesPromise;
  }

  return Object.freeze({ analyze, preview, levers, roles, sample, prepare });
})();
