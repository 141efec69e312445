"use strict";
// The API page: the operations of /openapi.json, listed without any script from elsewhere
// (Swagger UI would load from a CDN, and the service runs offline).

/** One operation: method, path, summary, description, parameters and answers. */
function operation(method, path, op) {
  const params = (op.parameters || []).map((p) =>
    h("li", {}, h("code", {}, p.name), ` (${p.in}${p.required ? ", bắt buộc" : ""})`,
      p.description ? ` — ${p.description}` : ""));
  const answers = Object.entries(op.responses || {}).map(([code, answer]) =>
    h("li", {}, h("code", {}, code), ` ${answer.description || ""}`));
  return h("section", { class: "operation" },
    h("h2", {}, h("code", {}, `${method.toUpperCase()} ${path}`)),
    op.summary ? h("p", {}, h("strong", {}, op.summary)) : null,
    op.description ? h("p", { class: "description" }, op.description) : null,
    params.length ? h("ul", { class: "meta" }, params) : null,
    h("ul", { class: "meta" }, answers));
}

async function showOperations() {
  setStatus("Đang tải…");
  try {
    const schema = await api("/openapi.json");
    const box = document.getElementById("operations");
    for (const [path, methods] of Object.entries(schema.paths || {})) {
      for (const [method, op] of Object.entries(methods)) box.append(operation(method, path, op));
    }
    setStatus("");
  } catch (error) {
    setStatus("");
    showError(error);
  }
}

showOperations();
