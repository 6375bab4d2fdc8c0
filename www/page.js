// The page around the element (dist/ltv.html only, marked <html data-ltv-page>): its header and
// footer follow the element's language, and inside an iframe the page tells the parent its height
// so that a blog can size the frame. Nothing else crosses the frame: the data stays inside.
// Classic script, concatenated by tools/build-www.mjs last; defines `LtvPage` only.
'use strict';

const LtvPage = (() => {
  const { translator } = LtvI18n;

  /** Connects the page to its element; does nothing on any other page (a blog with the widget). */
  function connect() {
    const html = document.documentElement;
    if (!html.hasAttribute('data-ltv-page')) return;
    const apply = (lang) => {
      const { t } = translator(lang);
      html.lang = lang;
      for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
      document.title = `${t('app.title')} — ${t('intro.promise')}`;
    };
    document.addEventListener('ltv-language', (e) => apply(e.detail.lang));
    const element = document.querySelector('ltv-calculator');
    if (element?.language) apply(element.language);
    if (window.parent !== window) {
      let last = 0;
      new ResizeObserver(() => {
        const height = Math.ceil(html.scrollHeight);
        if (height !== last) {
          last = height;
          window.parent.postMessage({ type: 'ltv-height', height }, '*');
        }
      }).observe(document.body);
    }
  }

  return Object.freeze({ connect });
})();
