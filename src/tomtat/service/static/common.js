"use strict";
// Shared by both pages: DOM building (text nodes only, never innerHTML), API calls,
// dates, summaries with numbered citations, and the source-article panel.

/** Build an element. Children are nodes or strings; strings always become text nodes. */
function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Only http(s) links are ever made clickable. */
function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

/** Call the API; throws an Error carrying the service's message on a 4xx/5xx answer. */
async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new Error("Không kết nối được với máy chủ.");
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (!response.ok) {
    let message = data && (data.error || data.detail);
    if (Array.isArray(message)) message = message.map((d) => d.msg || String(d)).join("; ");
    throw new Error(message || `Lỗi máy chủ (HTTP ${response.status}).`);
  }
  return data;
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? error.message || String(error) : "";
  box.hidden = !error;
}

function setStatus(text) {
  document.getElementById("status").textContent = text || "";
}

/** "2024-11-14T23:00:00+07:00" -> "14/11/2024 23:00"; anything else is shown as given. */
function formatDate(value) {
  if (!value) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?/.exec(value);
  if (!m) return String(value);
  let [year, month, day, hour, minute] = m.slice(1, 6).map((part) => part && Number(part));
  if (m[6] && hour !== undefined) {
    // a time with an offset is shown in Vietnam time (UTC+7), as naive times are meant
    const offset = m[6] === "Z" ? 0
      : (m[6][0] === "-" ? -1 : 1) * (Number(m[6].slice(1, 3)) * 60 + Number(m[6].slice(-2)));
    const local = new Date(Date.UTC(year, month - 1, day, hour, minute) + (7 * 60 - offset) * 60000);
    [year, month, day, hour, minute] = [local.getUTCFullYear(), local.getUTCMonth() + 1,
      local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes()];
  }
  const two = (n) => String(n).padStart(2, "0");
  const date = `${two(day)}/${two(month)}/${year}`;
  return hour !== undefined && (hour || minute) ? `${date} ${two(hour)}:${two(minute)}` : date;
}

/** Number documents 1, 2, ... in the order the service lists them. */
function numberDocuments(documents) {
  const number = new Map();
  documents.forEach((doc, i) => number.set(doc.id, i + 1));
  return number;
}

/** Citation buttons "[n]" for a list of sources ({document, start, end}). */
function citations(sources, number, onCite) {
  return (sources || []).map((source) =>
    h("button", {
      type: "button",
      class: "cite",
      title: "Xem câu này trong bài gốc",
      onclick: () => onCite(source),
    }, `[${number.get(source.document) ?? "?"}]`));
}

/** Summary paragraph: each sentence followed by its citation buttons; onCite(source, sentence). */
function renderSummary(container, sentences, number, onCite) {
  container.replaceChildren();
  if (!sentences.length) {
    container.append(h("em", {}, "(không có câu nào)"));
    return;
  }
  for (const sentence of sentences) {
    container.append(h("span", { class: "sentence" }, sentence.text), " ",
      ...citations(sentence.sources, number, (source) => onCite(source, sentence)), " ");
  }
}

/** Numbered list of documents; clicking a title opens the article. */
function renderSources(list, documents, onOpen) {
  list.replaceChildren(...documents.map((doc) => {
    const url = safeUrl(doc.url);
    const meta = [doc.source, formatDate(doc.published)].filter(Boolean).join(" · ");
    return h("li", {},
      h("button", { type: "button", class: "link", onclick: () => onOpen(doc) },
        doc.title || doc.id),
      meta ? h("span", { class: "meta" }, " — ", meta) : null,
      url ? h("span", { class: "meta" }, " — ", h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "bài gốc")) : null);
  }));
}

// ---- the source-article panel ----

let panel = null;

function ensurePanel() {
  if (panel) return panel;
  panel = h("aside", { class: "panel", id: "panel", hidden: true, "aria-labelledby": "panel-title" },
    h("div", { class: "panel-head" },
      h("h2", { id: "panel-title" }),
      h("button", { type: "button", class: "close", onclick: closePanel, "aria-label": "Đóng" }, "✕")),
    h("p", { class: "meta", id: "panel-meta" }),
    h("div", { id: "panel-note" }),
    h("div", { class: "article-text", id: "panel-body" }));
  document.body.append(panel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePanel();
  });
  return panel;
}

function closePanel() {
  if (panel) panel.hidden = true;
  document.body.classList.remove("panel-open");
}

/**
 * A span the service gave ({start, end} in code points, as Python counts) as indices into the
 * JavaScript string `text`, which counts an emoji or a rare CJK character as two units.
 * null when the span does not fit the text.
 */
function spanInText(text, span) {
  if (!span || !/[\uD800-\uDFFF]/.test(text)) return span;
  let units = 0;
  let points = 0;
  let start = null;
  for (const ch of text) {
    if (points === span.start) start = units;
    if (points === span.end) return start === null ? null : { ...span, start, end: units };
    units += ch.length;
    points++;
  }
  if (points === span.start) start = units;
  return points === span.end && start !== null ? { ...span, start, end: units } : null;
}

/**
 * Show an article in the side panel. `span` is {start, end} into the JavaScript string
 * `doc.text` (`spanInText` converts the service's offsets), or null; `quote` is the cited
 * sentence, shown above the article when no span was found.
 */
function showArticle(doc, span, quote) {
  ensurePanel();
  document.getElementById("panel-title").textContent = doc.title || doc.id;
  const url = safeUrl(doc.url);
  const meta = document.getElementById("panel-meta");
  meta.replaceChildren([doc.source, formatDate(doc.published)].filter(Boolean).join(" · "));
  if (url) meta.append(" ", h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url));
  const note = document.getElementById("panel-note");
  const body = document.getElementById("panel-body");
  const text = doc.text || "";
  let mark = null;
  note.replaceChildren();
  if (span && span.start >= 0 && span.end <= text.length && span.start < span.end) {
    mark = h("mark", {}, text.slice(span.start, span.end));
    body.replaceChildren(text.slice(0, span.start), mark, text.slice(span.end));
    if (span.approximate && quote) {
      note.append(h("p", { class: "meta" }, "Câu tóm tắt:"), h("blockquote", {}, quote),
        h("p", { class: "meta" }, "Đoạn được đánh dấu là câu gần giống nhất trong bài."));
    }
  } else {
    body.replaceChildren(text);
    if (quote) {
      mark = h("mark", {}, quote);
      note.append(h("p", { class: "meta" }, "Câu được trích (không tìm thấy đúng vị trí trong bài):"),
        h("blockquote", {}, mark));
    }
  }
  panel.hidden = false;
  document.body.classList.add("panel-open");
  panel.scrollTop = 0;
  if (mark) mark.scrollIntoView({ block: "center" });
  panel.querySelector(".close").focus({ preventScroll: true });
}

// ---- finding a sentence in text the user gave (when exact offsets are not available) ----

/** Letters and digits only, lower-cased, tone marks dropped; `starts`/`ends` map back. */
function foldText(text) {
  let key = "";
  const starts = [];
  const ends = [];
  let i = 0;
  for (const ch of text) {
    const base = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    if (/^[\p{L}\p{N}]+$/u.test(base)) {
      for (let k = 0; k < base.length; k++) {
        key += base[k];
        starts.push(i);
        ends.push(i + ch.length);
      }
    }
    i += ch.length;
  }
  return { key, starts, ends };
}

/** Lower-cased syllables of a text, for comparing sentences. */
function syllables(text) {
  return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * Where `sentence` stands in `text`, ignoring case, spacing, punctuation, word-segmentation
 * underscores and tone-mark placement. A citation may point at a near-duplicate instead of
 * the same sentence: then the sentence of `text` with most of its syllables in common
 * (`approximate: true`). null when nothing is close enough.
 */
function findSentence(text, sentence) {
  const hay = foldText(text);
  const needle = foldText(sentence).key;
  if (!needle) return null;
  const at = hay.key.indexOf(needle);
  if (at >= 0) {
    let end = hay.ends[at + needle.length - 1];
    while (end < text.length && ".!?…".includes(text[end])) end++; // the sentence's own stop
    return { start: hay.starts[at], end };
  }

  const wanted = new Set(syllables(sentence));
  let best = null;
  let bestScore = 0.6; // least share of the shorter sentence's syllables found in the other
  let bestShared = 0;
  for (const m of text.matchAll(/[^\n.!?…]+(?:[.!?…]+["”’)]*|$)/gmu)) {
    const words = new Set(syllables(m[0]));
    const shared = [...words].filter((w) => wanted.has(w)).length;
    if (shared < 4) continue;
    const score = shared / Math.min(words.size, wanted.size);
    if (score > bestScore || (score === bestScore && shared > bestShared)) {
      [bestScore, bestShared] = [score, shared];
      const lead = m[0].length - m[0].trimStart().length;
      best = { start: m.index + lead, end: m.index + m[0].trimEnd().length, approximate: true };
    }
  }
  return best;
}
