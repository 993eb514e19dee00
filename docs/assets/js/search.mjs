// The site's search: Material's search box (overrides/partials/search.html)
// answered from Pagefind's index (site/pagefind/, written after the build by
// handbook_site/search.py). Pagefind picks the index of the page's
// <html lang>, so the Japanese pages find Japanese pages and the English
// pages English ones; only when the page's language finds nothing are the
// other language's pages searched (and marked with their lang). Its words
// come from the box's data-text-* attributes.
//
// A query without Japanese characters on the Japanese site (an English word)
// is answered loosely by the Japanese index, which splits a word it lacks
// into pieces it has ("recovery" finds the R of "R-Mail"): there, only pages
// whose text holds every word of the query (each at the start of a word,
// Pagefind's prefix match) count as found, so "recovery" falls back to the
// English pages while "order report" keeps the Japanese page that names
// Amazon's Order Report.
//
// A query is read on `input` (typed key by key, pasted, or a phone's
// keyboard) and on `compositionend` (a Japanese input method: the text
// between compositionstart and compositionend is not a query yet).

const box = document.querySelector("[data-cr-search]");
const DELAY_MS = 120; // a pause in typing, before searching
const SHOWN = 10; // results listed

function siteRoot() {
  const config = JSON.parse(document.getElementById("__config")?.textContent ?? "{}");
  return new URL(config.base ?? ".", location.href);
}

let pagefind = null;
function engine() {
  if (!pagefind) {
    const root = siteRoot();
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
      await module.options({ baseUrl: root.pathname, excerptLength: 24 });
      await module.init();
      return module;
    });
    pagefind.catch(() => (pagefind = null)); // try again on the next query (e.g. back online)
  }
  return pagefind;
}

// The other language's index, asked for only when the page's language finds
// nothing: a second copy of the module (its own state: a query string makes
// it another module) with the other index merged into it, searched with the
// filter lang (handbook_site/search.py) for the other language's pages only.
let other = null;
function otherEngine() {
  if (!other) {
    const root = siteRoot();
    other = (async () => {
      const entry = await (await fetch(new URL("pagefind/pagefind-entry.json", root))).json();
      const own = document.documentElement.lang.split("-")[0];
      const lang = Object.keys(entry.languages).find((code) => code !== own);
      if (!lang) return null;
      const url = new URL("pagefind/pagefind.js", root);
      url.search = "other";
      const module = await import(url.href);
      await module.options({ baseUrl: root.pathname, excerptLength: 24 });
      await module.init();
      // the full URL: Pagefind skips a merge whose path starts its own (the same index), whatever the language
      await module.mergeIndex(new URL("pagefind/", root).href, { language: lang });
      return { module, lang };
    })();
    other.catch(() => (other = null));
  }
  return other;
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u; // ー is of no one script
const CHECKED = 40; // results checked word by word, at most (past them the count is an estimate)
const fold = (text) => text.normalize("NFKC").toLowerCase();

// The words of a query the Japanese index may have matched loosely, or null
// when Pagefind's own matching is to be trusted (the page's language is not
// Japanese, or the query has Japanese in it).
function wordsToCheck(query) {
  if (!document.documentElement.lang.startsWith("ja") || JAPANESE.test(query)) return null;
  const words = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.length ? words : null;
}

// Whether a page's text holds every word, each at the start of a word (after
// anything but a Latin letter or a digit: Japanese text runs into English
// words without a space).
function holds(content, words) {
  const text = fold(content);
  return words.every((word) => {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      if (at === 0 || !/[\p{Script=Latin}\p{N}]/u.test(text[at - 1])) return true;
    }
    return false;
  });
}

// The first SHOWN results' data, and how many results there are: with
// words to check, only the results whose text holds them (of the first
// CHECKED; the ones after are counted unchecked).
async function firstResults(results, words) {
  if (!words) return [await Promise.all(results.slice(0, SHOWN).map((r) => r.data())), results.length];
  const checked = await Promise.all(results.slice(0, CHECKED).map((r) => r.data()));
  const kept = checked.filter((data) => holds(data.content ?? "", words));
  return [kept.slice(0, SHOWN), results.length - (checked.length - kept.length)];
}

// Pagefind's excerpt is text with <mark> around the words found: keep
// exactly that (text nodes and <mark>), never other markup.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html").body;
  const out = document.createElement("p");
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(node.textContent);
    }
  }
  return out;
}

function item(data, lang) {
  const li = document.createElement("li");
  li.className = "md-search-result__item";
  const link = document.createElement("a");
  link.className = "md-search-result__link";
  link.href = data.url;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-typeset";
  if (lang) {
    article.lang = lang;
    link.hreflang = lang;
  }
  const title = document.createElement("h1");
  title.textContent = data.meta?.title ?? data.url;
  article.append(title, excerpt(data.excerpt ?? ""));
  link.append(article);
  li.append(link);
  return li;
}

function count(n) {
  if (n === 0) return box.dataset.textNone;
  if (n === 1) return box.dataset.textOne;
  return box.dataset.textOther.replace("#", String(n));
}

if (box) {
  const toggle = document.getElementById("__search");
  const input = box.querySelector("[data-cr-search-query]");
  const meta = box.querySelector("[data-cr-search-meta]");
  const list = box.querySelector("[data-cr-search-results]");
  const form = input.form;
  let composing = false;
  let timer = 0;
  let asked = 0; // the latest query's number: an older answer arriving late is dropped

  // data-query on the list: the query its results answer (tests wait for it)
  const show = (query, text, items = []) => {
    meta.textContent = text;
    list.replaceChildren(...items);
    list.dataset.query = query;
  };

  async function search(query) {
    const mine = ++asked;
    if (!query.trim()) return show(query, box.dataset.textPlaceholder);
    const found = await (await engine()).search(query);
    let [data, total] = await firstResults(found.results, wordsToCheck(query));
    let lang = null;
    if (!total && mine === asked) {
      const fallback = await otherEngine();
      if (fallback) {
        lang = fallback.lang;
        // only the other language's pages: its index is merged into one that also holds the page's language
        const theirs = await fallback.module.search(query, { filters: { lang } });
        [data, total] = await firstResults(theirs.results, null);
      }
    }
    if (mine === asked) show(query, count(total), data.map((d) => item(d, lang)));
  }

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value).catch(() => show(input.value, box.dataset.textNone)), DELAY_MS);
  };

  input.addEventListener("compositionstart", () => (composing = true));
  input.addEventListener("compositionend", () => {
    composing = false;
    later();
  });
  input.addEventListener("input", (event) => {
    if (!composing && !event.isComposing) later();
  });
  input.addEventListener("focus", () => {
    if (toggle && !toggle.checked) toggle.click(); // opens the dialog as Material's box does
    engine().catch(() => {}); // start loading while the seller types
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle?.checked) {
      toggle.click();
      input.blur();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // Enter opens the first result
    list.querySelector("a")?.click();
  });
  form.addEventListener("reset", () => {
    asked++;
    show("", box.dataset.textPlaceholder);
    input.focus();
  });
  toggle?.addEventListener("change", () => {
    if (toggle.checked) input.focus();
  });

  // Material's keys: f, s or / opens the search from anywhere but a field;
  // in the search, the arrow keys move between the box and the results.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const editing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (!editing && ["f", "s", "/"].includes(event.key)) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (toggle?.checked && ["ArrowDown", "ArrowUp"].includes(event.key) && box.contains(event.target)) {
      const stops = [input, ...list.querySelectorAll("a")];
      const at = stops.indexOf(document.activeElement);
      const next = stops[Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), stops.length - 1)];
      event.preventDefault();
      next.focus();
    }
  });
}
