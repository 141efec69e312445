"use strict";
// The summarize page: gather articles (pasted text, files, URLs), POST /api/summarize,
// show the summary with numbered citations; a citation opens the article, sentence marked.

const fileDocs = []; // articles read from dropped or chosen files: {id, title, text, ...}
let lastDocs = new Map(); // id -> article as sent (with its text) for the last summary
let resultDocs = new Map(); // id -> document metadata the service returned (title, source...)

/** Pasted text: articles separated by a line holding only "---". */
function pastedArticles(text) {
  return text.split(/^[ \t]*---+[ \t]*$/m)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, i) => ({ id: `bai-${i + 1}`, text: part }));
}

/** Article objects from a .json file: one object, a list, or {"documents": [...]}. */
function jsonArticles(text, stem) {
  let data = JSON.parse(text);
  if (data && !Array.isArray(data) && !data.text && Array.isArray(data.documents)) {
    data = data.documents;
  }
  const items = Array.isArray(data) ? data : [data];
  return items.map((item, i) => {
    if (!item || typeof item.text !== "string") throw new Error(`${stem}: thiếu trường "text"`);
    const id = item.id ? String(item.id) : items.length > 1 ? `${stem}-${i + 1}` : stem;
    return { ...item, id };
  });
}

/** Main text of an HTML page, parsed inertly (DOMParser runs no scripts). */
function htmlArticle(html, stem) {
  const page = new DOMParser().parseFromString(html, "text/html");
  page.querySelectorAll("script, style, noscript, nav, header, footer, aside, form")
    .forEach((node) => node.remove());
  const meta = (name) => {
    const node = page.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
    return node ? node.getAttribute("content") : null;
  };
  const root = page.querySelector("article") || page.querySelector("main") || page.body;
  const heading = root && root.querySelector("h1");
  const title = meta("og:title") || (heading && heading.textContent.trim()) ||
    page.title.trim() || null;
  if (heading) heading.remove();
  const blocks = root ? [...root.querySelectorAll("p, h2, h3, li, blockquote")] : [];
  const lines = (blocks.length ? blocks : [root]).filter(Boolean)
    .map((node) => node.textContent.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  return {
    id: stem,
    title,
    text: lines.join("\n"),
    source: meta("og:site_name"),
    url: meta("og:url"),
    published: meta("article:published_time"),
  };
}

async function readFile(file) {
  const stem = file.name.replace(/\.[^.]*$/, "") || file.name;
  const text = await new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error(`${file.name}: không đọc được tệp`));
    reader.readAsText(file, "utf-8");
  });
  const lower = file.name.toLowerCase();
  if (lower.endsWith(".json")) return jsonArticles(text, stem);
  if (lower.endsWith(".html") || lower.endsWith(".htm")) return [htmlArticle(text, stem)];
  return [{ id: stem, text }];
}

async function addFiles(files) {
  showError(null);
  for (const file of files) {
    try {
      fileDocs.push(...await readFile(file));
    } catch (error) {
      showError(error instanceof SyntaxError ? new Error(`${file.name}: JSON không hợp lệ`) : error);
    }
  }
  renderFileList();
}

function renderFileList() {
  document.getElementById("file-list").replaceChildren(...fileDocs.map((doc, i) =>
    h("li", {}, doc.title || doc.id, " ",
      h("button", {
        type: "button",
        class: "link",
        onclick: () => { fileDocs.splice(i, 1); renderFileList(); },
      }, "bỏ"))));
}

/** Fetch and store each URL through the service, then read back its text. */
async function urlArticles(text) {
  const urls = text.split(/\s+/).filter(Boolean);
  const docs = [];
  for (const [i, url] of urls.entries()) {
    setStatus(`Đang tải bài ${i + 1}/${urls.length}: ${url}`);
    docs.push(await api("/api/fetch", { url })); // read, not stored: nothing here is kept
  }
  return docs;
}

/** Ids must be unique in one request: a repeated id becomes "id-2", "id-3", ... */
function uniqueIds(docs) {
  const seen = new Set();
  return docs.map((doc) => {
    let id = String(doc.id);
    for (let n = 2; seen.has(id); n++) id = `${doc.id}-${n}`;
    seen.add(id);
    return { ...doc, id };
  });
}

/** The article as the user gave it, title and lead first, for showing in the panel. */
function displayText(doc) {
  return readable([doc.title, doc.lead, doc.text].filter(Boolean).join("\n\n").normalize("NFC"));
}

/** Word-segmented text ("sạt_lở đất , ...") made readable: no underscores, no space before
 * punctuation. Other text is left as it is. */
function readable(text) {
  if ((text.match(/\p{L}_\p{L}/gu) || []).length < 5) return text;
  return text.replace(/(\p{L})_(?=\p{L})/gu, "$1 ")
    .replace(/ +([,.;:!?…)\]”])/gu, "$1")
    .replace(/([(\[“]) +/gu, "$1");
}

/** The article to show for a document id: the service's metadata, the text we have. */
function articleFor(id) {
  const sent = lastDocs.get(id) || {};
  const meta = resultDocs.get(id) || {};
  return { ...sent, ...meta, text: sent.normalized || displayText(sent) };
}

function openCitation(source, sentenceText) {
  const doc = articleFor(source.document);
  if (lastDocs.get(source.document)?.normalized) showArticle(doc, spanInText(doc.text, source), null);
  else showArticle(doc, findSentence(doc.text, sentenceText), sentenceText);
}

function showResult(result) {
  // Documents the service returns may carry their normalized text: then offsets are exact.
  for (const doc of result.documents) {
    const sent = lastDocs.get(doc.id);
    if (sent && typeof doc.text === "string") sent.normalized = doc.text;
  }
  resultDocs = new Map(result.documents.map((doc) => [doc.id, doc]));
  const number = numberDocuments(result.documents);
  renderSummary(document.getElementById("summary"), result.sentences, number,
    (source, sentence) => openCitation(source, sentence.text));
  document.getElementById("warnings").replaceChildren(
    ...(result.warnings || []).map((w) => h("li", {}, w)));
  renderSources(document.getElementById("sources"), result.documents,
    (doc) => showArticle(articleFor(doc.id), null, null));
  document.getElementById("result").hidden = false;
}

async function summarize(event) {
  event.preventDefault();
  const button = document.getElementById("submit");
  showError(null);
  button.disabled = true;
  try {
    const pasted = pastedArticles(document.getElementById("articles").value);
    const fetched = await urlArticles(document.getElementById("urls").value);
    const documents = uniqueIds([...pasted, ...fileDocs, ...fetched]);
    if (!documents.length) throw new Error("Hãy dán ít nhất một bài báo, chọn tệp hoặc nhập URL.");
    lastDocs = new Map(documents.map((doc) => [doc.id, doc]));
    setStatus(`Đang tóm tắt ${documents.length} bài…`);
    const result = await api("/api/summarize", {
      documents,
      budget: Number(document.getElementById("budget").value),
      unit: document.getElementById("unit").value,
      method: "default",
      include_text: true, // normalized texts: citation offsets point into them
    });
    showResult(result);
    setStatus("");
    document.getElementById("result").scrollIntoView({ block: "start" });
  } catch (error) {
    setStatus("");
    showError(error);
  } finally {
    button.disabled = false;
  }
}

function setupDropZone() {
  const zone = document.getElementById("drop");
  const input = document.getElementById("files");
  input.addEventListener("change", () => { addFiles([...input.files]); input.value = ""; });
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    addFiles([...event.dataTransfer.files]);
  });
}

document.getElementById("summarize-form").addEventListener("submit", summarize);
setupDropZone();
