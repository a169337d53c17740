// mockhoa serve: the directory editor. Plain JavaScript, no build step. Every name and message
// from the data is put on the page with textContent, never as HTML.
"use strict";

const TEXT = {
  vi: {
    title: "Móc khóa tố giác tội phạm", tabEdit: "Soạn danh bạ", tabOverview: "Tổng quan", import: "Nhập tệp…",
    history: "Lịch sử", save: "Lưu", district: "Công an huyện", districtName: "Tên huyện", province: "Tỉnh",
    hotline: "Trực ban (nhiều số: cách nhau bằng dấu phẩy)", emergency: "Số khẩn cấp", checkpoints: "Chốt chặn",
    addCheckpoint: "+ Thêm chốt", communes: "Xã, thị trấn", name: "Tên", kind: "Loại", phone: "Điện thoại",
    neighbours: "Giáp ranh", quantity: "Số lượng", addCommune: "+ Thêm xã", outside: "Đơn vị giáp ranh ngoài huyện",
    outsideDistrict: "Huyện", addOutside: "+ Thêm đơn vị", zoom: "Thu phóng", printSize: "100% = đúng kích thước in.",
    downloads: "Tải về", paper: "Khổ giấy", landscape: "Khổ ngang", dlKeychain: "Móc khóa (PDF)", dlSheet: "Tờ in (PDF)",
    dlOverview: "Tổng quan (PDF)", dlBatch: "Tất cả (ZIP)", problems: "Lỗi và cảnh báo",
    overviewHint: "Bản đã lưu: mặt trước và mặt sau của mọi xã. Bấm vào một xã để sửa.",
    historyHint: "Các bản đã lưu trước đây. Khôi phục một bản sẽ lưu nó thành bản hiện tại.", close: "Đóng",
    otherLang: "English", saved: "Đã lưu", unsaved: "Chưa lưu", saving: "Đang lưu…", readOnly: "Chỉ đọc",
    sampleReadOnly: "Đây là danh bạ mẫu có sẵn, chỉ để xem thử: sửa được, xem trước được, nhưng không lưu được. Chạy mockhoa serve --data TỆP.yaml để làm việc với danh bạ của mình.",
    issuerReadOnly: "Tệp này dùng dạng issuer: (2025); trang này chưa sửa được dạng đó. Xem Tổng quan và tải về; sửa tệp bằng trình soạn thảo, kiểm tra bằng mockhoa check.",
    csvReadOnly: "Các xã của danh bạ này nằm trong một tệp CSV: hãy sửa tệp đó bằng bảng tính. Ở đây chỉ xem được.",
    newFile: "Tệp chưa có: bắt đầu từ danh bạ mẫu, lần lưu đầu tiên sẽ tạo tệp.",
    noProblems: "Không có lỗi.", errors: "lỗi", warnings: "cảnh báo", remove: "Xóa", addNeighbour: "+ thêm…",
    front: "Mặt trước", back: "Mặt sau", cannotDraw: "Chưa vẽ được: danh bạ còn lỗi (xem danh sách lỗi).",
    notFit: "Không vừa:", noCommune: "Chưa có xã nào.",
    saveFirst: "Lưu các sửa đổi trước khi tải về: tệp tải về là bản đã lưu.",
    sampleDownloads: "Tệp tải về là bản mẫu (chưa có sửa đổi).",
    stale: "Tệp đã bị thay đổi trên đĩa từ khi mở (người khác hoặc chương trình khác). Chưa lưu gì.",
    reloadKeep: "Tải lại, giữ sửa đổi của tôi", downloadEdits: "Tải sửa đổi về máy (YAML)",
    merged: "Đã tải lại bản mới và giữ sửa đổi của bạn.", clashes: "Những chỗ cả hai cùng sửa, đã lấy bản trên đĩa:",
    restoredDraft: "Đã khôi phục các sửa đổi chưa lưu từ lần trước.",
    commentsWarning: "Tệp này có chú thích (#). Lưu sẽ viết lại tệp và bỏ các chú thích đó (bản cũ vẫn còn trong Lịch sử). Lưu tiếp?",
    saveWithErrors: "Danh bạ còn lỗi. Vẫn lưu?", restore: "Khôi phục", noHistory: "Chưa có bản cũ nào.",
    restoreConfirm: "Bỏ các sửa đổi chưa lưu và khôi phục bản này?", importFailed: "Không nhập được tệp:",
    imported: "Đã nhập. Kiểm tra rồi bấm Lưu.", batchRunning: "Đang vẽ", batchDone: "Xong", batchFailed: "Lỗi:",
    unload: "Có sửa đổi chưa lưu.", confirmRemove: "Xóa", unknownKind: "(không rõ)",
    newCommune: "Xã mới", newUnit: "Đơn vị mới", busy: "Máy chủ đang bận, thử lại…",
  },
  en: {
    title: "Crime-report keychains", tabEdit: "Edit directory", tabOverview: "Overview", import: "Import file…",
    history: "History", save: "Save", district: "District police", districtName: "District", province: "Province",
    hotline: "Duty desk (several numbers: separate with commas)", emergency: "Emergency number", checkpoints: "Checkpoints",
    addCheckpoint: "+ Add checkpoint", communes: "Communes and towns", name: "Name", kind: "Kind", phone: "Phone",
    neighbours: "Neighbours", quantity: "Quantity", addCommune: "+ Add commune", outside: "Bordering units of other districts",
    outsideDistrict: "District", addOutside: "+ Add unit", zoom: "Zoom", printSize: "100% = print size.",
    downloads: "Downloads", paper: "Paper", landscape: "Landscape", dlKeychain: "Keychain (PDF)", dlSheet: "Print sheet (PDF)",
    dlOverview: "Overview (PDF)", dlBatch: "Everything (ZIP)", problems: "Errors and warnings",
    overviewHint: "As saved: front and back of every commune. Click a commune to edit it.",
    historyHint: "Earlier saved versions. Restoring one saves it as the current version.", close: "Close",
    otherLang: "Tiếng Việt", saved: "Saved", unsaved: "Unsaved", saving: "Saving…", readOnly: "Read-only",
    sampleReadOnly: "This is the built-in sample, to try things out: you can edit and preview, but not save. Start mockhoa serve --data FILE.yaml to work on your own directory.",
    issuerReadOnly: "This file uses the issuer: form (2025), which this page cannot edit yet. See the Overview and download; edit the file itself and check it with mockhoa check.",
    csvReadOnly: "This directory keeps its communes in a CSV file: edit that in a spreadsheet. It can only be viewed here.",
    newFile: "The file does not exist yet: starting from the sample; the first save creates it.",
    noProblems: "No problems.", errors: "errors", warnings: "warnings", remove: "Remove", addNeighbour: "+ add…",
    front: "Front", back: "Back", cannotDraw: "Cannot draw yet: the directory has errors (see the list).",
    notFit: "Does not fit:", noCommune: "No commune yet.",
    saveFirst: "Save your edits before downloading: downloads are made from the saved file.",
    sampleDownloads: "Downloads are of the sample as it is (without edits).",
    stale: "The file changed on disk since it was opened (another person or program). Nothing was saved.",
    reloadKeep: "Reload, keeping my edits", downloadEdits: "Download my edits (YAML)",
    merged: "Reloaded the new version and kept your edits.", clashes: "Edited on both sides, the file's version was kept:",
    restoredDraft: "Restored unsaved edits from last time.",
    commentsWarning: "This file has comments (#). Saving rewrites it and drops them (the old version stays in History). Save anyway?",
    saveWithErrors: "The directory has errors. Save anyway?", restore: "Restore", noHistory: "No earlier versions yet.",
    restoreConfirm: "Drop unsaved edits and restore this version?", importFailed: "Could not import the file:",
    imported: "Imported. Check it, then Save.", batchRunning: "Drawing", batchDone: "Done", batchFailed: "Failed:",
    unload: "There are unsaved edits.", confirmRemove: "Remove", unknownKind: "(unknown)",
    newCommune: "New commune", newUnit: "New unit", busy: "The server is busy, retrying…",
  },
};

const $ = (selector, root = document) => root.querySelector(selector);
const state = {
  info: null, doc: null, base: null, etag: null, selected: 0, dirty: false, problems: [],
  lang: localStorage.getItem("mockhoa:lang") || "vi", zoom: 100, previewSeq: 0, confirmedComments: false,
};
const token = (() => {
  const params = new URLSearchParams(location.search);
  const t = params.get("token") || sessionStorage.getItem("mockhoa:token");
  if (params.has("token")) { sessionStorage.setItem("mockhoa:token", t); history.replaceState(null, "", location.pathname); }
  return t;
})();

function t(key) { return TEXT[state.lang][key] ?? TEXT.en[key] ?? key; }
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}
const nameKey = (s) => (s || "").normalize("NFC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");

async function api(method, path, body, headers = {}) {
  const h = { "Accept-Language": state.lang, ...headers };
  if (token) h["X-Mockhoa-Token"] = token;
  if (body !== undefined) h["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
                                       signal: headers.signal });
  let data = null;
  const type = response.headers.get("Content-Type") || "";
  if (type.startsWith("application/json")) data = await response.json();
  return { status: response.status, ok: response.ok, data, etag: response.headers.get("ETag") };
}

// MARK: Loading and the draft kept in the browser

const storageKey = () => `mockhoa:draft:${state.info.file}`;

function keepDraft() {
  if (!state.dirty) { localStorage.removeItem(storageKey()); return; }
  localStorage.setItem(storageKey(), JSON.stringify({ doc: state.doc, base: state.base, etag: state.etag,
                                                      selected: state.selected }));
}

async function load() {
  const r = await api("GET", "/api/directory");
  if (!r.ok) { banner((r.data && r.data.error) || `HTTP ${r.status}`, "bad"); return; }
  state.info = r.data;
  state.etag = r.data.etag;
  state.base = r.data.document;
  state.doc = structuredClone(r.data.document);
  state.dirty = false;
  const stored = JSON.parse(localStorage.getItem(storageKey()) || "null");
  if (stored && stored.doc && state.doc) {
    if (stored.etag === state.etag) {
      state.doc = stored.doc;
      state.dirty = true;
      note(t("restoredDraft"));
    } else {
      mergeInto(stored);
    }
    state.selected = Math.min(stored.selected || 0, Math.max(0, state.doc.communes.length - 1));
  }
  renderAll();
}

// MARK: Rendering the form

function renderAll() {
  applyLang();
  const info = state.info;
  $("#file-name").textContent = info.file;
  const banners = $("#banners");
  banners.querySelectorAll(".fixed").forEach((n) => n.remove());
  if (info.readOnlyReason === "sample") banners.prepend(el("div", { class: "fixed", text: t("sampleReadOnly") }));
  if (info.readOnlyReason === "csv") banners.prepend(el("div", { class: "fixed", text: t("csvReadOnly") }));
  if (info.readOnlyReason === "issuer") banners.prepend(el("div", { class: "fixed", text: t("issuerReadOnly") }));
  if (!info.readOnly && !info.exists) banners.prepend(el("div", { class: "fixed", text: t("newFile") }));
  $("#paper").replaceChildren(...info.papers.map((p) => el("option", { value: p, text: p })));
  if (!state.doc) {
    renderProblems(info.problems);
    $("#save-button").disabled = true;
    $("#status").textContent = t("readOnly");
    showTab("overview");
    return;
  }
  renderDistrict();
  renderCommunes();
  renderOutside();
  renderUnitNames();
  updateStatus();
  schedulePreview(0);
}

function bindInput(input, get, set, after) {
  input.value = get() ?? "";
  input.addEventListener("input", () => { set(input.value); changed(); if (after) after(); });
}

function renderDistrict() {
  const d = state.doc.district;
  for (const input of document.querySelectorAll("#district .fields input")) {
    const key = input.dataset.field.split(".")[1];
    const fresh = input.cloneNode(true);
    input.replaceWith(fresh);
    if (key === "hotline") {
      bindInput(fresh, () => d.hotline.join(", "), (v) => { d.hotline = v.split(/[,;]/).map((s) => s.trim()).filter(Boolean); });
    } else {
      bindInput(fresh, () => d[key], (v) => { d[key] = key === "emergency" && !v.trim() ? null : v; });
    }
  }
  renderCheckpoints($("#district-checkpoints tbody"), d.checkpoints, "district.checkpoints");
}

function renderCheckpoints(tbody, list, field) {
  tbody.replaceChildren(...list.map((c, i) => {
    const name = el("input", { dataset: { field: `${field}.${i}.name` }, "aria-label": t("name") });
    const phone = el("input", { dataset: { field: `${field}.${i}.phone` }, inputmode: "tel", "aria-label": t("phone") });
    bindInput(name, () => c.name, (v) => { c.name = v; });
    bindInput(phone, () => c.phone, (v) => { c.phone = v; });
    const remove = el("button", { type: "button", text: "×", title: t("remove"),
                                  onclick: () => { list.splice(i, 1); changed(); renderCheckpoints(tbody, list, field); } });
    return el("tr", { dataset: { field: `${field}.${i}` } }, el("td", {}, name), el("td", {}, phone), el("td", {}, remove));
  }));
}

function kindSelect(value, onChange, field) {
  const kinds = [...state.info.kinds];
  if (value && !kinds.includes(value)) kinds.push(value);
  const select = el("select", { dataset: { field }, "aria-label": t("kind") },
                    ...kinds.map((k) => el("option", { value: k, text: k })));
  select.value = value;
  select.addEventListener("change", () => { onChange(select.value); changed(); });
  return select;
}

/// Every unit a neighbour can be: the communes, then the outside units.
function unitNames() {
  return [...state.doc.communes.map((c) => c.name), ...state.doc.outside.map((o) => o.name)].filter((n) => n.trim());
}

function renderUnitNames() {
  $("#unit-names").replaceChildren(...unitNames().map((n) => el("option", { value: n })));
}

/// The name each unit's neighbour references use: its last name that was not empty.
const referenceNames = new WeakMap();

/// Renames the references to `unit` in every neighbour list as its name becomes `to`. A name
/// cleared to be retyped keeps the references; one that another unit also has is not followed.
function renameReferences(unit, to) {
  const from = referenceNames.get(unit) ?? unit.name;
  if (!nameKey(to)) { referenceNames.set(unit, from); return; }
  referenceNames.set(unit, to);
  if (!nameKey(from) || nameKey(from) === nameKey(to)) return;
  const others = [...state.doc.communes, ...state.doc.outside].filter((u) => u !== unit);
  if (others.some((u) => nameKey(u.name) === nameKey(from))) return;
  for (const c of state.doc.communes) {
    c.neighbours = c.neighbours.map((n) => (nameKey(n) === nameKey(from) ? to : n));
  }
}

function renderCommunes() {
  const tbody = $("#communes tbody");
  const communes = state.doc.communes;
  tbody.replaceChildren(...communes.map((c, i) => {
    const row = el("tr", { dataset: { index: i, field: `communes.${i}` }, class: i === state.selected ? "selected" : "" });
    row.addEventListener("focusin", () => select(i));
    row.addEventListener("click", () => select(i));
    const name = el("input", { dataset: { field: `communes.${i}.name` }, "aria-label": t("name") });
    bindInput(name, () => c.name, (v) => { renameReferences(c, v); c.name = v; }, () => {
      renderUnitNames(); refreshNeighbourCells(); });
    const phone = el("input", { dataset: { field: `communes.${i}.phone` }, inputmode: "tel", "aria-label": t("phone") });
    bindInput(phone, () => c.phone, (v) => { c.phone = v; });
    const quantity = el("input", { dataset: { field: `communes.${i}.quantity` }, inputmode: "numeric", "aria-label": t("quantity") });
    bindInput(quantity, () => c.quantity, (v) => { c.quantity = v.trim() ? v : null; });
    const remove = el("button", { type: "button", text: "×", title: t("remove"), onclick: (e) => {
      e.stopPropagation();
      if (!confirm(`${t("confirmRemove")} “${c.name}”?`)) return;
      communes.splice(i, 1);
      for (const other of communes) other.neighbours = other.neighbours.filter((n) => nameKey(n) !== nameKey(c.name));
      state.selected = Math.min(state.selected, communes.length - 1);
      changed(); renderCommunes(); renderUnitNames();
    } });
    row.append(
      el("td", { class: "name-cell" }, name),
      el("td", { class: "kind-cell" }, kindSelect(c.kind, (v) => { c.kind = v; }, `communes.${i}.kind`)),
      el("td", { class: "phone-cell" }, phone),
      el("td", { class: "neighbours-cell" }, neighbourChips(c, i)),
      el("td", { class: "quantity-cell" }, quantity),
      el("td", {}, remove));
    return row;
  }));
  if (!communes.length) tbody.append(el("tr", {}, el("td", { colspan: 6, text: t("noCommune") })));
}

function refreshNeighbourCells() {
  document.querySelectorAll("#communes tbody tr[data-index]").forEach((row) => {
    const i = Number(row.dataset.index);
    const cell = row.querySelector(".neighbours-cell");
    if (cell && !cell.contains(document.activeElement)) cell.replaceChildren(neighbourChips(state.doc.communes[i], i));
  });
}

function neighbourChips(c, i) {
  const box = el("div", { class: "chips", dataset: { field: `communes.${i}.neighbours` } });
  c.neighbours.forEach((n, j) => box.append(el("span", { class: "chip" }, n,
    el("button", { type: "button", text: "×", title: `${t("remove")} ${n}`, onclick: (e) => {
      e.stopPropagation(); c.neighbours.splice(j, 1); changed(); box.replaceWith(neighbourChips(c, i)); } }))));
  const listed = new Set(c.neighbours.map(nameKey));
  const choices = unitNames().filter((n) => nameKey(n) !== nameKey(c.name) && !listed.has(nameKey(n)));
  const add = el("select", { "aria-label": t("neighbours") }, el("option", { value: "", text: t("addNeighbour") }),
                 ...choices.map((n) => el("option", { value: n, text: n })));
  add.addEventListener("change", () => {
    if (!add.value) return;
    c.neighbours.push(add.value); changed(); box.replaceWith(neighbourChips(c, i));
  });
  box.append(add);
  return box;
}

function renderOutside() {
  const list = state.doc.outside;
  $("#outside tbody").replaceChildren(...list.map((o, i) => {
    const name = el("input", { dataset: { field: `outside.${i}.name` }, "aria-label": t("name") });
    bindInput(name, () => o.name, (v) => { renameReferences(o, v); o.name = v; }, () => {
      renderUnitNames(); refreshNeighbourCells(); });
    const district = el("input", { dataset: { field: `outside.${i}.district` }, "aria-label": t("outsideDistrict") });
    bindInput(district, () => o.district, (v) => { o.district = v.trim() ? v : null; });
    const phone = el("input", { dataset: { field: `outside.${i}.phone` }, inputmode: "tel", "aria-label": t("phone") });
    bindInput(phone, () => o.phone, (v) => { o.phone = v; });
    const remove = el("button", { type: "button", text: "×", title: t("remove"), onclick: () => {
      list.splice(i, 1);
      for (const c of state.doc.communes) c.neighbours = c.neighbours.filter((n) => nameKey(n) !== nameKey(o.name));
      changed(); renderOutside(); renderCommunes(); renderUnitNames();
    } });
    return el("tr", { dataset: { field: `outside.${i}` } }, el("td", {}, name), el("td", {}, district),
              el("td", {}, kindSelect(o.kind, (v) => { o.kind = v; }, `outside.${i}.kind`)), el("td", {}, phone),
              el("td", {}, remove));
  }));
}

function select(i) {
  if (i === state.selected) return;
  state.selected = i;
  document.querySelectorAll("#communes tbody tr").forEach((row) => row.classList.toggle("selected", Number(row.dataset.index) === i));
  keepDraft();
  schedulePreview(0);
}

// MARK: Edits, preview and problems

let previewTimer = null;
/// Whether a preview request is in flight: at most one at a time, so typing never queues up
/// drafts on the server; edits made meanwhile are previewed as soon as it answers.
let previewing = false;
let previewAgain = false;
/// Edits closer together than this are previewed once, after the last (ms).
const previewDelay = 40;

function changed() {
  state.dirty = true;
  keepDraft();
  updateStatus();
  schedulePreview(previewDelay);
}

function schedulePreview(delay) {
  clearTimeout(previewTimer);
  state.previewSeq++;  // an answer to an earlier draft is not shown
  $("#sides").classList.add("stale");
  previewTimer = setTimeout(preview, delay);
}

async function preview() {
  if (previewing) { previewAgain = true; return; }
  previewing = true;
  const seq = state.previewSeq;
  const commune = state.doc.communes[state.selected];
  $("#preview-title").textContent = commune ? commune.name : "";
  updateDownloads();
  let r;
  try {
    if (!commune) {
      r = await api("POST", "/api/check", { document: state.doc });
      if (seq !== state.previewSeq) return;
      $("#sides").replaceChildren(el("p", { class: "hint", text: t("noCommune") }));
    } else {
      r = await api("POST", "/api/preview", { document: state.doc, commune: state.selected, format: "svg" });
      if (seq !== state.previewSeq) return;
      if (r.status === 503) { note(t("busy")); schedulePreview(1000); return; }
      if (!r.ok) { banner((r.data && r.data.error) || `HTTP ${r.status}`, "bad"); return; }
      renderSides(r.data.sides);
    }
    $("#sides").classList.remove("stale");
    $("#sides").dataset.seq = String(seq);
    renderProblems(r.data.problems);
  } catch (error) {
    banner(String(error), "bad");
  } finally {
    previewing = false;
    if (previewAgain) { previewAgain = false; preview(); }
  }
}

/// Sets a picture's size on screen: its size in mm (data-w, data-h) times the zoom (CSS mm are print mm at 100%).
function sizeAtZoom(node) {
  const zoom = state.zoom / 100;
  node.style.width = `${Number(node.dataset.w) * zoom}mm`;
  node.style.height = `${Number(node.dataset.h) * zoom}mm`;
  return node;
}

function renderSides(sides) {
  const box = $("#sides");
  if (!sides.length) {
    const info = state.info.template;
    box.replaceChildren(sizeAtZoom(el("div", { class: "side-error", id: "side-blocked", text: t("cannotDraw"),
                                               dataset: { w: info.width, h: info.height } })));
    return;
  }
  box.replaceChildren(...sides.map((side) => {
    const caption = el("figcaption", { text: t(side.name) === side.name ? side.name : t(side.name) });
    const dataset = { side: side.name, w: side.width, h: side.height };
    const body = side.data
      ? el("img", { src: `data:${side.mime};base64,${side.data}`, alt: (side.text || []).join(" · "), dataset })
      : el("div", { class: "side-error", dataset, text: `${t("notFit")} ${side.error}` });
    return el("figure", { class: "side" }, caption, sizeAtZoom(body));
  }));
}

function renderProblems(problems) {
  state.problems = problems;
  document.querySelectorAll(".invalid, .warned").forEach((n) => n.classList.remove("invalid", "warned"));
  document.querySelectorAll(".field-error, .field-warning").forEach((n) => n.remove());
  const list = $("#problems");
  const errors = problems.filter((p) => p.severity === "error").length;
  $("#problem-count").textContent = problems.length ? `(${errors} ${t("errors")}, ${problems.length - errors} ${t("warnings")})` : "";
  if (!problems.length) { list.replaceChildren(el("li", { class: "none", text: t("noProblems") })); return; }
  list.replaceChildren(...problems.map((p) => {
    const item = el("li", { class: p.severity, text: describe(p) });
    item.addEventListener("click", () => goTo(p));
    return item;
  }));
  for (const p of problems) {
    const targets = fieldsFor(p.target);
    targets.forEach((node, k) => {
      node.classList.add(p.severity === "error" ? "invalid" : "warned");
      if (k === 0) {
        const where = node.closest("td, label") || node.parentElement;
        where.append(el("div", { class: p.severity === "error" ? "field-error" : "field-warning", text: p.message }));
      }
    });
  }
}

function describe(p) {
  const who = p.commune ? `${p.commune}: ` : "";
  const field = p.field ? `${p.field}: ` : "";
  return `${who}${field}${p.message}`;
}

/// The inputs a problem's target names: the field itself, or every field of a checkpoint row.
function fieldsFor(target) {
  if (!target) return [];
  const exact = [...document.querySelectorAll(`[data-field="${CSS.escape(target)}"]:not(tr)`)];
  if (exact.length) return exact;
  if (/^communes\.\d+$/.test(target)) return [...document.querySelectorAll(`[data-field="${CSS.escape(target + ".name")}"]`)];
  return [...document.querySelectorAll(`[data-field^="${CSS.escape(target + ".")}"]`)];
}

function goTo(p) {
  const m = /^communes\.(\d+)/.exec(p.target || "");
  if (m) select(Number(m[1]));
  const node = fieldsFor(p.target)[0];
  if (node) { node.scrollIntoView({ block: "center" }); node.focus(); }
}

function updateStatus() {
  const status = $("#status");
  status.textContent = state.info.readOnly ? t("readOnly") : state.dirty ? t("unsaved") : t("saved");
  $("#save-button").disabled = state.info.readOnly || !state.dirty;
  $("#history-button").disabled = state.info.readOnly;
  updateDownloads();
}

function updateDownloads() {
  const commune = state.doc && state.doc.communes[state.selected];
  const saved = commune && state.info.communes.find((c) => nameKey(c.name) === nameKey(commune.name));
  const blocked = state.dirty && !state.info.readOnly;
  $("#downloads-hint").textContent = blocked ? t("saveFirst") : state.info.readOnlyReason === "sample" && state.dirty ? t("sampleDownloads") : "";
  const paper = encodeURIComponent($("#paper").value || "A4");
  const landscape = $("#landscape").checked;
  const links = {
    "#dl-keychain": saved && `/api/communes/${encodeURIComponent(saved.slug)}/keychain.pdf`,
    "#dl-sheet": saved && `/api/communes/${encodeURIComponent(saved.slug)}/sheet.pdf?paper=${paper}&landscape=${landscape}`,
    "#dl-overview": "/api/overview.pdf",
  };
  for (const [id, href] of Object.entries(links)) {
    const a = $(id);
    if (href && !blocked) { a.href = href; a.setAttribute("download", ""); a.classList.remove("disabled"); }
    else { a.removeAttribute("href"); a.classList.add("disabled"); }
  }
  $("#dl-batch").disabled = blocked || !state.info.communes.length;
}

// MARK: Saving, conflicts, history

async function save() {
  if (state.info.hasComments && !state.confirmedComments) {
    if (!confirm(t("commentsWarning"))) return;
    state.confirmedComments = true;
  }
  if (state.problems.some((p) => p.severity === "error") && !confirm(t("saveWithErrors"))) return;
  $("#status").textContent = t("saving");
  const r = await api("PUT", "/api/directory", { document: state.doc }, { "If-Match": `"${state.etag}"` });
  if (r.status === 412) { conflict(); updateStatus(); return; }
  if (!r.ok) { banner((r.data && r.data.error) || `HTTP ${r.status}`, "bad"); updateStatus(); return; }
  state.etag = r.data.etag;
  state.dirty = false;
  state.base = structuredClone(state.doc);
  keepDraft();
  clearBanners();
  const info = await api("GET", "/api/directory");
  if (info.ok) { state.info = info.data; state.etag = info.data.etag; state.info.hasComments = false; }
  updateStatus();
  $("#status").textContent = t("saved");
}

function conflict() {
  clearBanners();
  banner(t("stale"), "bad", [
    [t("reloadKeep"), async () => {
      const stored = { doc: state.doc, base: state.base, etag: state.etag, selected: state.selected };
      const r = await api("GET", "/api/directory");
      if (!r.ok) return;
      clearBanners();
      state.info = r.data; state.etag = r.data.etag; state.base = r.data.document; state.doc = structuredClone(r.data.document);
      mergeInto(stored);
      renderAll();
    }],
    [t("downloadEdits"), async () => {
      const r = await api("POST", "/api/check", { document: state.doc });
      if (!r.ok) return;
      const a = el("a", { href: URL.createObjectURL(new Blob([r.data.yaml], { type: "application/yaml" })),
                          download: state.info.file.replace(/(\.ya?ml)?$/, "-edits.yaml") });
      document.body.append(a); a.click(); a.remove();
    }],
  ]);
}

/// Three-way merge of `stored` (the officer's draft and the version it started from) into the
/// newly loaded file: each field the officer changed is kept unless the file changed it too.
function mergeInto(stored) {
  const theirs = state.doc, base = stored.base, mine = stored.doc;
  if (!base || !mine || !theirs) return;
  const clashes = [];
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const mergeObject = (b, m, th, label) => {
    const out = { ...th };
    for (const key of Object.keys(m)) {
      if (same(m[key], b[key])) continue;
      if (same(th[key], b[key]) || same(th[key], m[key])) out[key] = m[key];
      else clashes.push(`${label}: ${key}`);
    }
    return out;
  };
  const mergeList = (b, m, th, labelOf) => {
    const byName = (list) => new Map(list.map((u) => [nameKey(u.name), u]));
    const B = byName(b), M = byName(m);
    const out = [];
    for (const u of th) {
      const k = nameKey(u.name);
      if (B.has(k) && M.has(k)) out.push(mergeObject(B.get(k), M.get(k), u, labelOf(u)));
      else if (B.has(k) && !M.has(k)) { if (!same(B.get(k), u)) { clashes.push(labelOf(u)); out.push(u); } }
      else out.push(u);
    }
    const T = byName(th);
    for (const u of m) if (!B.has(nameKey(u.name)) && !T.has(nameKey(u.name))) out.push(u);
    return out;
  };
  const merged = {
    district: mergeObject(base.district, mine.district, theirs.district, t("district")),
    communes: mergeList(base.communes, mine.communes, theirs.communes, (u) => u.name),
    outside: mergeList(base.outside, mine.outside, theirs.outside, (u) => u.name),
  };
  state.doc = merged;
  state.dirty = !same(merged, theirs);
  keepDraft();
  note(t("merged") + (clashes.length ? ` ${t("clashes")} ${clashes.join("; ")}` : ""));
}

async function showHistory() {
  const r = await api("GET", "/api/history");
  const list = $("#history-list");
  if (!r.ok || !r.data.length) list.replaceChildren(el("li", { text: t("noHistory") }));
  else list.replaceChildren(...r.data.map((v) => el("li", {},
    el("span", { text: `${new Date(v.saved).toLocaleString(state.lang === "vi" ? "vi-VN" : "en-GB")} · ${v.bytes} B` }),
    el("button", { type: "button", text: t("restore"), dataset: { id: v.id }, onclick: async () => {
      if (state.dirty && !confirm(t("restoreConfirm"))) return;
      const res = await api("POST", `/api/history/${encodeURIComponent(v.id)}/restore`, {}, { "If-Match": `"${state.etag}"` });
      if (res.status === 412) { $("#history-dialog").close(); conflict(); return; }
      if (!res.ok) { banner((res.data && res.data.error) || `HTTP ${res.status}`, "bad"); return; }
      localStorage.removeItem(storageKey());
      $("#history-dialog").close();
      await load();
    } }))));
  $("#history-dialog").showModal();
}

// MARK: Import, downloads, overview

async function importFile(file) {
  const text = await file.text();
  const r = await api("POST", "/api/import", { name: file.name, text, document: state.doc });
  if (!r.ok || !r.data || !r.data.document) {
    const lines = r.data && r.data.problems ? r.data.problems.map((p) => p.text) : [(r.data && r.data.error) || `HTTP ${r.status}`];
    banner(`${t("importFailed")} ${lines.join(" | ")}`, "bad");
    return;
  }
  state.doc = r.data.document;
  state.selected = 0;
  changed();
  note(t("imported"));
  renderAll();
}

async function batch() {
  const button = $("#dl-batch"), bar = $("#batch-progress"), status = $("#batch-status");
  button.disabled = true;
  const r = await api("POST", "/api/batch", { paper: $("#paper").value, landscape: $("#landscape").checked });
  if (!r.ok) { banner((r.data && r.data.error) || `HTTP ${r.status}`, "bad"); button.disabled = false; return; }
  bar.hidden = false; bar.max = r.data.total; bar.value = 0;
  const id = r.data.id;
  for (;;) {
    await new Promise((done) => setTimeout(done, 400));
    const s = await api("GET", `/api/batch/${encodeURIComponent(id)}`);
    if (!s.ok) break;
    bar.value = s.data.done;
    status.textContent = `${t("batchRunning")} ${s.data.done}/${s.data.total}`;
    if (s.data.state === "done") {
      status.textContent = t("batchDone");
      const a = el("a", { href: `/api/batch/${encodeURIComponent(id)}/zip`, download: "" });
      document.body.append(a); a.click(); a.remove();
      break;
    }
    if (s.data.state === "failed") { status.textContent = `${t("batchFailed")} ${s.data.error}`; break; }
  }
  bar.hidden = true;
  button.disabled = false;
}

function renderOverview() {
  const grid = $("#overview-grid");
  const sides = state.info.template.sides;
  grid.replaceChildren(...state.info.communes.map((c) => {
    const pair = el("div", { class: "pair" }, ...sides.map((side) => el("img", {
      loading: "lazy", alt: `${c.name} · ${t(side) === side ? side : t(side)}`,
      src: `/api/communes/${encodeURIComponent(c.slug)}/${encodeURIComponent(side)}.png?dpi=72&v=${encodeURIComponent(state.etag)}` })));
    return el("div", { class: "card", onclick: () => {
      if (!state.doc) return;
      const i = state.doc.communes.findIndex((d) => nameKey(d.name) === nameKey(c.name));
      showTab("edit");
      if (i >= 0) select(i);
    } }, el("h3", { text: c.name }), pair);
  }));
}

// MARK: Page chrome

function banner(text, kind = "", actions = []) {
  const box = el("div", { class: kind }, text, ...actions.map(([label, action]) => el("button", { type: "button", text: label, onclick: action })));
  $("#banners").append(box);
  return box;
}
function note(text) {
  const box = banner(text);
  setTimeout(() => box.remove(), 6000);
}
function clearBanners() { $("#banners").querySelectorAll("div:not(.fixed)").forEach((n) => n.remove()); }

function applyLang() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
  $("#lang-button").textContent = t("otherLang");
  $("#lang-button").lang = state.lang === "vi" ? "en" : "vi";
}

function showTab(name) {
  document.querySelectorAll(".tab").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  $("#view-edit").hidden = name !== "edit";
  $("#view-overview").hidden = name !== "overview";
  if (name === "overview") renderOverview();
}

document.addEventListener("DOMContentLoaded", () => {
  $("#lang-button").addEventListener("click", () => {
    state.lang = state.lang === "vi" ? "en" : "vi";
    localStorage.setItem("mockhoa:lang", state.lang);
    if (!state.doc) { applyLang(); return; }
    renderAll();
    renderProblems(state.problems);
  });
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  $("#save-button").addEventListener("click", save);
  $("#history-button").addEventListener("click", showHistory);
  $("#import-file").addEventListener("change", (e) => { if (e.target.files[0]) importFile(e.target.files[0]); e.target.value = ""; });
  $("#dl-batch").addEventListener("click", batch);
  $("#paper").addEventListener("change", updateDownloads);
  $("#landscape").addEventListener("change", updateDownloads);
  $("#zoom").addEventListener("input", (e) => {
    state.zoom = Number(e.target.value);
    $("#zoom-value").textContent = `${state.zoom}%`;
    document.querySelectorAll("#sides [data-w]").forEach(sizeAtZoom);
  });
  const addCommune = () => {
    state.doc.communes.push({ name: t("newCommune"), kind: state.info.kinds[0], phone: "", neighbours: [], checkpoints: [], quantity: null });
    state.selected = state.doc.communes.length - 1;
    changed(); renderCommunes(); renderUnitNames();
    const input = document.querySelector(`[data-field="communes.${state.selected}.name"]`);
    if (input) { input.focus(); input.select(); }
  };
  $("#add-commune").addEventListener("click", addCommune);
  $("#add-outside").addEventListener("click", () => {
    state.doc.outside.push({ name: t("newUnit"), district: null, kind: state.info.kinds[0], phone: "" });
    changed(); renderOutside(); renderUnitNames(); refreshNeighbourCells();
  });
  $("#add-checkpoint").addEventListener("click", () => {
    state.doc.district.checkpoints.push({ name: "", phone: "" });
    changed(); renderCheckpoints($("#district-checkpoints tbody"), state.doc.district.checkpoints, "district.checkpoints");
  });
  window.addEventListener("beforeunload", (e) => {
    if (state.dirty && state.info && !state.info.readOnly) { e.preventDefault(); e.returnValue = t("unload"); }
  });
  load();
});
