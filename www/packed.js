// What the build packed (tools/build-www.mjs: pack7): gzip inside, 7 bits a character, in a JS
// string (the widget) or a data block of the page. `unpack7` gives the gzip bytes back (the wasm
// and the sample are then inflated by the browser's DecompressionStream, asynchronously); `text`
// also inflates at once, for what the first render needs (the CSS, the messages: `table`, on
// first use), with fflate's gunzipSync (`LtvGunzip`, put in by the build). Defines `LtvPacked` only.
'use strict';

const LtvPacked = (() => {
  /** The 7-bit groups sent two to a character (see pack7 in tools/build-www.mjs). */
  const UNSAFE7 = [0, 10, 13, 34, 60, 92];

  /** The bytes the build packed 7 bits a character (tools/build-www.mjs: pack7). */
  function unpack7({ bytes, text: inline, block }) {
    // The page (dist/ltv.html) carries the text in a data block, the widget in its script.
    const text = inline ?? document.getElementById(block).textContent;
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

  /** Packed gzip text (UTF-8) → the text. */
  function text(packed) {
    return new TextDecoder().decode(LtvGunzip.gunzipSync(unpack7(packed)));
  }

  /**
   * A packed JSON object (a message table), parsed on first use: the English messages cost
   * nothing on a page shown in Japanese. Reads like the frozen object (`t[k]`, `k in t`, keys).
   */
  function table(packed) {
    let parsed = null;
    const get = () => (parsed ??= Object.freeze(JSON.parse(text(packed))));
    return new Proxy({}, {
      get: (_, key) => get()[key],
      has: (_, key) => key in get(),
      ownKeys: () => Reflect.ownKeys(get()),
      getOwnPropertyDescriptor: (_, key) =>
        (Object.hasOwn(get(), key) ? { value: get()[key], writable: false, enumerable: true, configurable: true } : undefined),
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    });
  }

  return Object.freeze({ unpack7, text, table });
})();
