// Small helpers without a DOM: timing (debounce, a task boundary, "the latest request wins"),
// numbers as people type them, and file names. Classic script, concatenated by
// tools/build-www.mjs inside the bundle's one function scope; defines `LtvUtil` only.
'use strict';

const LtvUtil = (() => {
  /** Calls `fn` once typing pauses for `ms`; `.cancel()` drops a pending call. */
  function debounce(fn, ms) {
    let timer = 0;
    const wrapped = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
    wrapped.cancel = () => clearTimeout(timer);
    return wrapped;
  }

  /** Lets the browser paint and handle input before the next piece of work (no long tasks). */
  function nextTask() {
    if (globalThis.scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  /**
   * "The latest request wins": for work that may be asked for again before its answer is back
   * (a page of the table, a forecast, a render, the calculator's figures). Each `begin()` makes
   * every earlier request stale, so an older answer that arrives late is dropped:
   *
   *     const isLatest = this.#requests.begin();
   *     const page = await report.customers(query);
   *     if (!isLatest()) return; // a newer request is on its way
   *
   * `cancel()` makes every request stale (the view was thrown away).
   */
  class LatestRequest {
    #current = 0;

    /** @returns {function(): boolean} true while no later request has begun (and none was cancelled) */
    begin() {
      const mine = ++this.#current;
      return () => mine === this.#current;
    }

    cancel() {
      this.#current++;
    }
  }

  /**
   * A number as a person types it → a plain decimal string, or null when it is not one.
   * Accepts full-width digits (３，０００), thousands separators, ¥ / 円 / % / spaces.
   * @param {string} text
   * @returns {string|null}
   */
  function parseTypedNumber(text) {
    const plain = String(text ?? '').normalize('NFKC').replace(/[\s,¥￥円%]/g, '').replace(/^\+/, '');
    if (plain === '') return null;
    if (!/^\d+(\.\d+)?$|^\.\d+$/.test(plain)) return null;
    return plain.startsWith('.') ? `0${plain}` : plain;
  }

  /** A file name part without characters file systems refuse. */
  function safeFilePart(text) {
    return String(text).replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
  }

  return Object.freeze({ debounce, nextTask, LatestRequest, parseTypedNumber, safeFilePart });
})();
