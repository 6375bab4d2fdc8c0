// Messages and number formats, Japanese first. Classic script: inlined by tools/build-www.mjs into
// the widget bundle; defines `LtvI18n`. Every string the UI shows comes from here, in both
// languages; data-derived text is never part of a message template (it goes in via textContent).
'use strict';

const LtvI18n = (() => {
  const messages = {
    ja: {
      'app.title': 'LTV・RFM 計算ツール',
      'app.tagline': '注文データから顧客生涯価値(LTV)と優良顧客を、ブラウザの中だけで計算します。',
      'app.privacy': 'ファイルはブラウザの外に送信されません。計算はすべてこの端末の中で行われます。',
      'lang.switch': 'English',
      'lang.switchLabel': 'Switch to English',
      'drop.title': '注文データ(CSV)を読み込む',
      'drop.hint': 'CSVファイルをここにドラッグ&ドロップ、またはボタンから選択してください。',
      'drop.choose': 'ファイルを選択',
      'drop.sample': 'サンプルデータで試す',
      'drop.formats': '対応: CSV / TSV(UTF-8・Shift_JIS・UTF-16)、楽天・Shopify・Amazon などの受注データ',
      'progress.reading': '読み込み中…',
      'progress.detail': '{percent} · {rows} 行 · {rate} 行/秒',
      'progress.left': '残り約 {seconds} 秒',
      'progress.cancel': '中止',
      'progress.cancelled': '読み込みを中止しました。',
      'results.title': '分析結果',
      'results.source': '{name} · {rows} 行 · {encoding}',
      'kpi.customers': '顧客数',
      'kpi.customers.note': '期間中に1回以上購入した人数',
      'kpi.orders': '注文数',
      'kpi.orders.note': 'キャンセル・全額返金を除く',
      'kpi.revenue': '売上合計',
      'kpi.revenue.note': '返金を差し引いた金額',
      'kpi.aov': '平均購入単価',
      'kpi.aov.note': '売上合計 ÷ 注文数',
      'kpi.frequency': '購入頻度',
      'kpi.frequency.note': '注文数 ÷ 顧客数(期間中の1人あたり購入回数)',
      'kpi.frequency.value': '{value} 回',
      'kpi.repeat': 'リピート率',
      'kpi.repeat.note': '別々の日に2回以上購入した顧客の割合',
      'kpi.period': '期間',
      'kpi.period.note': '最初の注文日 〜 最後の注文日',
      'top.title': '売上上位10顧客',
      'top.rank': '順位',
      'top.key': '顧客',
      'top.orders': '注文数',
      'top.days': '購入日数',
      'top.revenue': '売上',
      'top.first': '初回購入日',
      'top.last': '最終購入日',
      'import.title': '読み込みの内訳',
      'import.summary': '{rows} 行を読み込み、{orders} 件の注文・{customers} 人の顧客として集計しました。',
      'import.skipped': '集計に使わなかった行: {count} 行',
      'import.key.customerId': '顧客の識別: 顧客ID列「{column}」',
      'import.key.email': '顧客の識別: メールアドレス列「{column}」(小文字に統一)',
      'issue.badDate': '日付を読めません',
      'issue.missingDate': '日付が空です',
      'issue.badAmount': '金額を読めません',
      'issue.missingAmount': '金額が空です',
      'issue.missingCustomer': '顧客ID・メールアドレスが空です',
      'issue.repeatedHeader': '見出し行の繰り返し',
      'issue.otherCurrency': '別の通貨の注文',
      'issue.cancelled': 'キャンセル等の注文(除外)',
      'issue.refunded': '返品・全額返金の注文(除外)',
      'issue.line': '{line} 行目',
      'error.title': '読み込めませんでした',
      'error.empty': 'ファイルが空です。注文データのCSVファイルを選んでください。',
      'error.not_text': 'CSV形式のテキストファイルではありません({looksLike})。Excelの場合は「名前を付けて保存」で CSV 形式にしてから読み込んでください。',
      'error.missing_columns': '必要な列が見つかりません: {missing}。見つかった見出し: {header}',
      'error.unknown_column': '指定された列「{name}」が見出しにありません。',
      'error.no_usable_rows': '{rows} 行を読みましたが、集計できる注文がありませんでした。主な理由: {reason}({line} 行目「{value}」)。',
      'error.bad_options': '設定を読み取れません: {message}',
      'error.internal': '予期しないエラーが発生しました: {message}',
      'role.customer': '顧客ID',
      'role.email': 'メールアドレス',
      'role.date': '注文日',
      'role.amount': '金額',
      'role.orderId': '注文番号',
      'encoding.utf-8': 'UTF-8',
      'encoding.shift_jis': 'Shift_JIS',
      'encoding.utf-16le': 'UTF-16',
      'encoding.utf-16be': 'UTF-16 (BE)',
      'list.separator': '、',
    },
    en: {
      'app.title': 'LTV & RFM calculator',
      'app.tagline': 'Customer lifetime value and your best customers from your order export, computed only inside your browser.',
      'app.privacy': 'Your file is never sent anywhere: everything is computed on this device.',
      'lang.switch': '日本語',
      'lang.switchLabel': '日本語に切り替え',
      'drop.title': 'Load your orders (CSV)',
      'drop.hint': 'Drop a CSV file here, or choose one with the button.',
      'drop.choose': 'Choose file',
      'drop.sample': 'Try the sample data',
      'drop.formats': 'CSV / TSV in UTF-8, Shift_JIS or UTF-16: Rakuten, Shopify, Amazon and other order exports',
      'progress.reading': 'Reading…',
      'progress.detail': '{percent} · {rows} rows · {rate} rows/s',
      'progress.left': 'about {seconds} s left',
      'progress.cancel': 'Cancel',
      'progress.cancelled': 'Reading was cancelled.',
      'results.title': 'Results',
      'results.source': '{name} · {rows} rows · {encoding}',
      'kpi.customers': 'Customers',
      'kpi.customers.note': 'People who ordered at least once',
      'kpi.orders': 'Orders',
      'kpi.orders.note': 'Cancelled and fully refunded orders excluded',
      'kpi.revenue': 'Revenue',
      'kpi.revenue.note': 'Net of refunds',
      'kpi.aov': 'Average order value',
      'kpi.aov.note': 'Revenue ÷ orders',
      'kpi.frequency': 'Purchase frequency',
      'kpi.frequency.note': 'Orders ÷ customers in the period',
      'kpi.frequency.value': '{value}',
      'kpi.repeat': 'Repeat rate',
      'kpi.repeat.note': 'Share of customers who bought on two or more days',
      'kpi.period': 'Period',
      'kpi.period.note': 'First to last order day',
      'top.title': 'Top 10 customers by revenue',
      'top.rank': 'Rank',
      'top.key': 'Customer',
      'top.orders': 'Orders',
      'top.days': 'Purchase days',
      'top.revenue': 'Revenue',
      'top.first': 'First order',
      'top.last': 'Last order',
      'import.title': 'How the file was read',
      'import.summary': 'Read {rows} rows as {orders} orders from {customers} customers.',
      'import.skipped': 'Rows not used: {count}',
      'import.key.customerId': 'Customers told apart by the customer ID column “{column}”',
      'import.key.email': 'Customers told apart by the e-mail column “{column}” (lower-cased)',
      'issue.badDate': 'Date not readable',
      'issue.missingDate': 'Date is blank',
      'issue.badAmount': 'Amount not readable',
      'issue.missingAmount': 'Amount is blank',
      'issue.missingCustomer': 'Customer ID and e-mail are blank',
      'issue.repeatedHeader': 'Header row repeated',
      'issue.otherCurrency': 'Order in another currency',
      'issue.cancelled': 'Cancelled order (excluded)',
      'issue.refunded': 'Returned / fully refunded order (excluded)',
      'issue.line': 'line {line}',
      'error.title': 'The file could not be read',
      'error.empty': 'The file is empty. Please choose an order export (CSV).',
      'error.not_text': 'This is not a CSV text file ({looksLike}). In Excel, use “Save as” → CSV first.',
      'error.missing_columns': 'Required columns not found: {missing}. Header found: {header}',
      'error.unknown_column': 'The column “{name}” is not in the header.',
      'error.no_usable_rows': 'Read {rows} rows but found no usable order. Main reason: {reason} (line {line}: “{value}”).',
      'error.bad_options': 'Settings not understood: {message}',
      'error.internal': 'Unexpected error: {message}',
      'role.customer': 'customer ID',
      'role.email': 'e-mail',
      'role.date': 'order date',
      'role.amount': 'amount',
      'role.orderId': 'order number',
      'encoding.utf-8': 'UTF-8',
      'encoding.shift_jis': 'Shift_JIS',
      'encoding.utf-16le': 'UTF-16',
      'encoding.utf-16be': 'UTF-16 (BE)',
      'list.separator': ', ',
    },
  };

  const LOCALES = { ja: 'ja-JP', en: 'en-US' };
  const cache = new Map();
  function nf(lang, opts) {
    const key = lang + JSON.stringify(opts);
    if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(LOCALES[lang], opts));
    return cache.get(key);
  }

  /** Picks the language: an explicit choice, else the browser's first language. */
  function pickLanguage(explicit) {
    if (explicit === 'ja' || explicit === 'en') return explicit;
    const langs = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'ja']);
    return String(langs[0]).toLowerCase().startsWith('ja') ? 'ja' : 'en';
  }

  /** A translator bound to one language: t(key, params) and number/date formatters. */
  function translator(lang) {
    const table = messages[lang] || messages.ja;
    const t = (key, params) => {
      const template = table[key] ?? messages.ja[key] ?? key;
      return params ? template.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : template;
    };
    return {
      lang,
      locale: LOCALES[lang],
      t,
      /** Money from a decimal string (exact: Intl formats the string, not a float). */
      money(value, currency = 'JPY') {
        try {
          return nf(lang, { style: 'currency', currency }).format(value);
        } catch {
          return `${nf(lang, {}).format(value)} ${currency}`;
        }
      },
      count: (n) => nf(lang, { maximumFractionDigits: 0 }).format(n),
      decimal: (n, digits = 2) => nf(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n),
      percent: (ratio, digits = 1) =>
        nf(lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio),
      /** An ISO day (`2024-03-05`) in the language's style. */
      day(iso) {
        if (!iso) return '';
        const [y, m, d] = iso.split('-').map(Number);
        return new Intl.DateTimeFormat(LOCALES[lang], { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
          .format(new Date(Date.UTC(y, m - 1, d)));
      },
    };
  }

  return { messages, pickLanguage, translator };
})();
