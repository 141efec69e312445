"use strict";
// The stories page: /stories lists stories; /stories/{id} shows one story's summary,
// timeline and articles. Citations open the article with the cited span marked (exact
// offsets into the stored normalized text from GET /api/articles/{id}).

const articleCache = new Map();

async function getArticle(id) {
  if (!articleCache.has(id)) {
    articleCache.set(id, api(`/api/articles/${encodeURIComponent(id)}`));
  }
  try {
    return await articleCache.get(id);
  } catch (error) {
    articleCache.delete(id);
    throw error;
  }
}

async function openArticle(id, span) {
  showError(null);
  try {
    const doc = await getArticle(id);
    showArticle(doc, spanInText(doc.text || "", span), null);
  } catch (error) {
    showError(error);
  }
}

const PART_WORDS = { early: "đầu ", mid: "giữa ", late: "cuối " };

/** Timeline dates: 2023-09-13, 2023-09, 2023, --09-13 or --09 (no year known); part
 * "early", "mid" or "late" of a month or year ("cuối năm 2022"). */
function timelineDate(iso, part) {
  const m = /^(\d{4}|-)(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(iso || "");
  if (!m) return iso || "";
  const [, year, month, day] = m;
  const known = year !== "-";
  // "4/9/2023" as readers write it (and as the Markdown digest does), not "04/09/2023"
  const dayMonth = day ? `${Number(day)}/${Number(month)}` : "";
  if (day) return known ? `${dayMonth}/${year}` : dayMonth;
  const prefix = PART_WORDS[part] || "";
  if (month) return prefix + (known ? `tháng ${Number(month)}/${year}` : `tháng ${Number(month)}`);
  return `${prefix}năm ${year}`;
}

function outletsText(outlets) {
  if (Array.isArray(outlets)) return outlets.join(", ");
  if (typeof outlets === "number") return `${outlets} nguồn`;
  return outlets ? String(outlets) : "";
}

function spanText(start, end) {
  const a = formatDate(start);
  const b = formatDate(end);
  return a && b && a !== b ? `${a} – ${b}` : a || b;
}

const PAGE = 100; // stories per request; "Xem thêm" asks for the next ones

function storyItem(story) {
  const size = story.size ?? (story.documents || []).length;
  return h("li", { "data-id": story.id },
    h("a", { href: `/stories/${encodeURIComponent(story.id)}`, class: "story-link" },
      story.title || story.id),
    h("span", { class: "meta" },
      [`${size} bài`, outletsText(story.outlets), spanText(story.start, story.end)]
        .filter(Boolean).join(" · ")));
}

/** The first page of stories, or (``more``) the next one added below those shown. */
async function showList(more = false) {
  document.title = "tomtat — Câu chuyện";
  document.getElementById("list-view").hidden = false;
  const list = document.getElementById("stories");
  const button = document.getElementById("more-stories");
  const offset = more ? list.children.length : 0;
  setStatus("Đang tải…");
  button.disabled = true;
  try {
    const data = await api(`/api/stories?limit=${PAGE}&offset=${offset}`);
    const stories = data.stories || [];
    // a post between two pages can shift a story across the boundary: shown once
    const shown = new Set(more ? [...list.children].map((li) => li.dataset.id) : []);
    const items = stories.filter((story) => !shown.has(story.id)).map(storyItem);
    if (more) list.append(...items); else list.replaceChildren(...items);
    document.getElementById("no-stories").hidden = list.children.length > 0;
    button.hidden = stories.length < PAGE;
    setStatus("");
  } catch (error) {
    setStatus("");
    showError(error);
  } finally {
    button.disabled = false;
  }
}

async function addArticles(event) {
  event.preventDefault();
  showError(null);
  const text = document.getElementById("add-text").value;
  const url = document.getElementById("add-url").value.trim();
  const articles = text.split(/^[ \t]*---+[ \t]*$/m)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => ({ text: part }));
  const button = document.getElementById("add-submit");
  button.disabled = true;
  try {
    if (!articles.length && !url) throw new Error("Hãy dán nội dung bài báo hoặc nhập URL.");
    let added = 0;
    if (articles.length) added += (await api("/api/articles", articles)).articles.length;
    if (url) added += (await api("/api/articles", { url })).articles.length;
    document.getElementById("add-text").value = "";
    document.getElementById("add-url").value = "";
    await showList();
    setStatus(`Đã thêm ${added} bài.`);
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

async function showStory(id) {
  document.getElementById("story-view").hidden = false;
  setStatus("Đang tải…");
  try {
    const story = await api(`/api/stories/${encodeURIComponent(id)}`);
    const sources = story.sources || [];
    const number = numberDocuments(sources);
    const onCite = (source) => openArticle(source.document, source);
    document.title = `tomtat — ${story.title || story.id}`;
    document.getElementById("story-title").textContent = story.title || story.id;
    const outlets = [...new Set(sources.map((s) => s.source).filter(Boolean))];
    document.getElementById("story-meta").textContent =
      [`${(story.documents || sources).length} bài`, outlets.join(", "),
        story.updated ? `cập nhật ${formatDate(story.updated)}` : ""]
        .filter(Boolean).join(" · ");
    renderSummary(document.getElementById("story-summary"), story.sentences || [], number, onCite);
    document.getElementById("story-warnings").replaceChildren(
      ...(story.warnings || []).map((w) => h("li", {}, w)));
    const timeline = story.timeline || [];
    document.getElementById("timeline").replaceChildren(...(timeline.length
      ? timeline.map((entry) => h("li", {},
        h("time", { datetime: entry.date }, timelineDate(entry.date, entry.part)), " ",
        h("span", {}, entry.text), " ",
        ...citations(entry.sources, number, onCite)))
      : [h("li", { class: "meta" }, "(không có mốc thời gian)")]));
    renderSources(document.getElementById("story-sources"), sources,
      (doc) => openArticle(doc.id, null));
    setStatus("");
  } catch (error) {
    setStatus("");
    showError(error);
  }
}

const match = /^\/stories\/(.+?)\/?$/.exec(location.pathname);
if (match) {
  showStory(decodeURIComponent(match[1]));
} else {
  document.getElementById("add-form").addEventListener("submit", addArticles);
  document.getElementById("more-stories").addEventListener("click", () => showList(true));
  showList();
}
