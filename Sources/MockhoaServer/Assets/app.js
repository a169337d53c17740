// mockhoa serve: the directory editor. Plain JavaScript, no build step. Every name and message
// from the data is put on the page with textContent, never as HTML.
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const state = {
  info: null, doc: null, base: null, etag: null, selected: 0, dirty: false, problems: [],
  lang: "vi", labels: {}, zoom: 100, confirmedComments: false,
};
const token = (() => {
  const params = new URLSearchParams(location.search);
  const t = params.get("token") || sessionStorage.getItem("mockhoa:token");
  if (params.has("token")) { sessionStorage.setItem("mockhoa:token", t); history.replaceState(null, "", location.pathname); }
  return t;
})();

/// The page's label `key` in its language (the catalogues' `page.` keys, handed over by the server).
function t(key) { return state.labels[key] ?? key; }
function useText(text) { state.lang = text.language; state.labels = text.labels; }
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

/// Draws the page from what the server put in it, before any request; asks for the directory
/// only when it is not there.
function start() {
  const initial = JSON.parse($("#page-start").textContent);
  useText(initial.text);
  if (initial.directory) opened(initial.directory);
  else { applyLang(); load(); }
  // The saved first commune's sides, drawn by the server into the page: shown until the page's own
  // preview answers (from the same cache), unless a draft kept in the browser differs.
  if (initial.preview && !state.dirty && state.selected === 0) renderSides(initial.preview.sides);
  // A tab's address (`/#design`) opens that tab.
  const tab = location.hash.slice(1);
  if (tab && state.doc && document.querySelector(`.tab[data-tab="${CSS.escape(tab)}"]`)) showTab(tab);
}

async function load() {
  const r = await api("GET", "/api/directory");
  if (!r.ok) { banner((r.data && r.data.error) || `HTTP ${r.status}`, "bad"); return; }
  opened(r.data);
}

/// Shows `info`, the saved directory (GET /api/directory), or the draft of it kept in the browser.
function opened(info) {
  state.info = info;
  state.etag = info.etag;
  state.base = info.document;
  state.doc = structuredClone(info.document);
  state.dirty = false;
  const stored = JSON.parse(localStorage.getItem(storageKey()) || "null");
  if (stored && stored.doc && stored.doc.issuer && state.doc) {  // a draft kept in the page's present shape
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
  if (state.doc && !state.dirty) renderProblems(info.problems);  // the saved file's, until the preview answers
}

// MARK: Rendering the form

function renderAll() {
  applyLang();
  const info = state.info;
  $("#file-name").textContent = info.readOnlyReason === "sample" ? t("sampleFile") : info.file;
  const banners = $("#banners");
  banners.querySelectorAll(".fixed").forEach((n) => n.remove());
  if (info.readOnlyReason === "sample") banners.prepend(el("div", { class: "fixed", text: t("sampleReadOnly") }));
  if (info.readOnlyReason === "csv") banners.prepend(el("div", { class: "fixed", text: t("csvReadOnly") }));
  if (!info.readOnly && !info.exists) banners.prepend(el("div", { class: "fixed", text: t("newFile") }));
  $("#paper").replaceChildren(...info.papers.map((p) => el("option", { value: p, text: p })));
  if (!state.doc) {
    renderProblems(info.problems);
    $("#save-button").disabled = true;
    $("#status").textContent = t("readOnly");
    showTab("overview");
    return;
  }
  renderIssuer();
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

/// Whether the communes are shown, not edited: they are in a workbook, which the page does not write.
const communesFixed = () => Boolean(state.info.communesTable && state.info.communesTable.workbook);
const outsideFixed = () => Boolean(state.info.outsideTable);

const digits = (s) => (s || "").replace(/\D/g, "");

/// Sets a number; a `display` written for other digits no longer applies and is dropped.
function setPhone(entry, value) {
  if (entry.display && digits(entry.display) !== digits(value)) entry.display = null;
  entry.phone = value;
}

/// How the issuer is printed: its `police` as given, else "Công an <word> <name>" as the loader derives it.
function policeName(u) {
  if (u.police && u.police.trim()) return u.police;
  const cities = ["hà nội", "hồ chí minh", "thành phố hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế"];
  const word = (u.kind && u.kind.trim()) || { province: cities.includes(nameKey(u.name)) ? "thành phố" : "tỉnh",
                                              district: "huyện", commune: "xã" }[u.level] || "";
  return ["Công an", word, u.name].filter((s) => s && s.trim()).join(" ");
}

/// The headings that name the issuer's units in its own words.
function renderIssuerWords() {
  const u = state.doc.issuer;
  $("#issuer-title").textContent = policeName(u);
  // What an empty field means: the word and the name the loader derives.
  $('[data-field="issuer.police"]').placeholder = policeName({ ...u, police: null });
  $('[data-field="issuer.kind"]').placeholder = policeName({ ...u, police: null, name: "" }).replace(/^Công an ?/, "");
  // A province is not in a province: the field shows only for the other levels, or when filled in.
  $('[data-field="issuer.province"]').closest("label").hidden = u.level === "province" && !u.province;
  $("#issuer-name-label").textContent = t({ province: "provinceName", district: "districtName", commune: "communeName" }[u.level] || "unitName");
  $("#communes-title").textContent = t({ province: "communesProvince", commune: "communesCommune" }[u.level] || "communes");
  $("#outside-title").textContent = t({ province: "outsideProvince", commune: "outsideCommune" }[u.level] || "outside");
}

function renderIssuer() {
  const u = state.doc.issuer;
  const level = $("#issuer-level");
  const levels = ["province", "district", "commune"];
  const names = { province: "levelProvince", district: "levelDistrict", commune: "levelCommune" };
  const options = levels.includes(u.level) ? levels : [...levels, u.level];
  level.replaceChildren(...options.map((l) => el("option", { value: l, text: names[l] ? t(names[l]) : l })));
  level.value = u.level;
  level.disabled = state.doc.form === "district";  // a 2018 file's unit is a district
  level.onchange = () => { u.level = level.value; changed(); renderIssuerWords(); };
  for (const input of document.querySelectorAll("#issuer .fields input")) {
    const key = input.dataset.field.split(".")[1];
    const fresh = input.cloneNode(true);
    input.replaceWith(fresh);
    if (key === "hotline") {
      bindInput(fresh, () => u.hotline.map((n) => n.phone).join(", "), (v) => {
        u.hotline = v.split(/[,;]/).map((s) => s.trim()).filter(Boolean).map((phone, i) => {
          const kept = { ...(u.hotline[i] || { display: null }) };
          setPhone(kept, phone);
          return kept;
        });
      });
    } else {
      const optional = key !== "name" && key !== "province";
      bindInput(fresh, () => u[key], (v) => { u[key] = optional && !v.trim() ? null : v; }, renderIssuerWords);
    }
  }
  renderCheckpoints($("#issuer-checkpoints tbody"), u.checkpoints, "issuer.checkpoints");
  renderCheckpoints($("#issuer-contacts tbody"), u.contacts, "issuer.contacts");
  renderIssuerWords();
}

function renderCheckpoints(tbody, list, field) {
  const heading = tbody.closest("table").previousElementSibling.textContent;  // "Checkpoints", "Contacts"
  tbody.replaceChildren(...list.map((c, i) => {
    const name = el("input", { dataset: { field: `${field}.${i}.name`, label: "name" } });
    const phone = el("input", { dataset: { field: `${field}.${i}.phone`, label: "phone" }, inputmode: "tel" });
    bindInput(name, () => c.name, (v) => { c.name = v; });
    bindInput(phone, () => c.phone, (v) => { setPhone(c, v); });
    const remove = el("button", { type: "button", text: "×", title: t("remove"), dataset: { label: "remove" },
                                  onclick: () => { list.splice(i, 1); changed(); renderCheckpoints(tbody, list, field); } });
    const row = el("tr", { dataset: { field: `${field}.${i}` } }, el("td", {}, name), el("td", {}, phone), el("td", {}, remove));
    labelCells(row, `${heading} ${i + 1}`);
    return row;
  }));
}

function kindSelect(value, onChange, field) {
  const kinds = [...state.info.kinds];
  if (value && !kinds.includes(value)) kinds.push(value);
  const select = el("select", { dataset: { field, label: "kind" } },
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
  const fixed = communesFixed();
  tbody.replaceChildren(...communes.map((c, i) => {
    const row = el("tr", { dataset: { index: i, field: `communes.${i}` }, class: i === state.selected ? "selected" : "" });
    row.addEventListener("focusin", () => select(i));
    row.addEventListener("click", () => select(i));
    const name = el("input", { dataset: { field: `communes.${i}.name`, label: "name" } });
    bindInput(name, () => c.name, (v) => { renameReferences(c, v); c.name = v; }, () => {
      renderUnitNames(); refreshNeighbourCells(); labelCells(row, c.name);
      if (i === state.selected) $("#commune-detail-title").textContent = `${t("detailsOf")} ${c.name}`;
    });
    const phone = el("input", { dataset: { field: `communes.${i}.phone`, label: "phone" }, inputmode: "tel" });
    bindInput(phone, () => c.phone, (v) => { setPhone(c, v); });
    const quantity = el("input", { dataset: { field: `communes.${i}.quantity`, label: "quantity" }, inputmode: "numeric" });
    bindInput(quantity, () => c.quantity, (v) => { c.quantity = v.trim() ? v : null; });
    const remove = el("button", { type: "button", text: "×", title: t("remove"), dataset: { label: "remove" }, onclick: (e) => {
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
    labelCells(row, c.name);
    if (fixed) row.querySelectorAll("input, select, button").forEach((n) => { n.disabled = true; });
    return row;
  }));
  if (!communes.length) tbody.append(el("tr", {}, el("td", { colspan: 6, text: t("noCommune") })));
  const table = state.info.communesTable;
  $("#communes-note").textContent = !table ? ""
    : table.workbook ? `${t("workbookNote")} ${table.file}${table.sheet ? ` (${t("sheetName")} ${table.sheet})` : ""} ${t("workbookNoteEnd")}`
    : `${t("csvNote")} ${table.file}.`;
  $("#add-commune").hidden = fixed;
  $("#dl-communes-csv").hidden = !fixed;
  renderCommuneDetail();
}

/// The selected commune's other fields: how its number is printed, its link, the units merged
/// into it, its contacts.
function renderCommuneDetail() {
  const box = $("#commune-detail");
  const i = state.selected, c = state.doc.communes[i];
  box.hidden = !c;
  if (!c) return;
  $("#commune-detail-title").textContent = `${t("detailsOf")} ${c.name}`;
  const fields = { "#detail-display": "display", "#detail-link": "link", "#detail-formerly": "formerly" };
  for (const [id, key] of Object.entries(fields)) {
    const fresh = $(id).cloneNode(true);
    $(id).replaceWith(fresh);
    fresh.dataset.field = `communes.${i}.${key}`;
    fresh.disabled = communesFixed();
    if (key === "formerly") {
      bindInput(fresh, () => c.formerly.join(", "), (v) => { c.formerly = v.split(/[,;]/).map((s) => s.trim()).filter(Boolean); });
    } else {
      bindInput(fresh, () => c[key], (v) => { c[key] = v.trim() ? v : null; });
    }
  }
  renderCheckpoints($("#detail-contacts tbody"), c.contacts, `communes.${i}.contacts`);
  box.querySelectorAll("#detail-contacts input, #detail-contacts button").forEach((n) => { n.disabled = communesFixed(); });
  $("#add-commune-contact").hidden = communesFixed();
}

/// Names each field of a table row by its column and the unit, as a screen reader reads it
/// ("Phone: Long Hậu"): the row's `data-label` keys name the columns.
function labelCells(row, unit) {
  const who = unit.trim() || "…";
  row.querySelectorAll("[data-label]").forEach((n) => n.setAttribute("aria-label", `${t(n.dataset.label)}: ${who}`));
}

function refreshNeighbourCells() {
  document.querySelectorAll("#communes tbody tr[data-index]").forEach((row) => {
    const i = Number(row.dataset.index);
    const cell = row.querySelector(".neighbours-cell");
    if (cell && !cell.contains(document.activeElement)) cell.replaceChildren(neighbourChips(state.doc.communes[i], i));
    labelCells(row, state.doc.communes[i].name);
  });
}

function neighbourChips(c, i) {
  const box = el("div", { class: "chips", dataset: { field: `communes.${i}.neighbours` } });
  c.neighbours.forEach((n, j) => box.append(el("span", { class: "chip" }, n,
    el("button", { type: "button", text: "×", title: `${t("remove")} ${n}`, "aria-label": `${t("remove")} ${n} (${t("neighbours")}: ${c.name})`, onclick: (e) => {
      e.stopPropagation(); c.neighbours.splice(j, 1); changed(); box.replaceWith(neighbourChips(c, i)); } }))));
  const listed = new Set(c.neighbours.map(nameKey));
  const choices = unitNames().filter((n) => nameKey(n) !== nameKey(c.name) && !listed.has(nameKey(n)));
  const add = el("select", { "aria-label": `${t("neighbours")}: ${c.name}` }, el("option", { value: "", text: t("addNeighbour") }),
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
    const name = el("input", { dataset: { field: `outside.${i}.name`, label: "name" } });
    bindInput(name, () => o.name, (v) => { renameReferences(o, v); o.name = v; }, () => {
      renderUnitNames(); refreshNeighbourCells(); labelCells(row, o.name); });
    // The key the file used (`district:` is read when both are there); a new unit's follows the issuer's level.
    const key = o.district != null ? "district" : o.province != null ? "province"
      : state.doc.issuer.level === "district" ? "district" : "province";
    const district = el("input", { dataset: { field: `outside.${i}.${key}`, label: "outsideArea" } });
    bindInput(district, () => o[key], (v) => { o[key] = v.trim() ? v : null; });
    const phone = el("input", { dataset: { field: `outside.${i}.phone`, label: "phone" }, inputmode: "tel" });
    bindInput(phone, () => o.phone, (v) => { setPhone(o, v); });
    const remove = el("button", { type: "button", text: "×", title: t("remove"), dataset: { label: "remove" }, onclick: () => {
      list.splice(i, 1);
      for (const c of state.doc.communes) c.neighbours = c.neighbours.filter((n) => nameKey(n) !== nameKey(o.name));
      changed(); renderOutside(); renderCommunes(); renderUnitNames();
    } });
    const row = el("tr", { dataset: { field: `outside.${i}` } }, el("td", {}, name), el("td", {}, district),
                   el("td", {}, kindSelect(o.kind, (v) => { o.kind = v; }, `outside.${i}.kind`)), el("td", {}, phone),
                   el("td", {}, remove));
    labelCells(row, o.name);
    if (outsideFixed()) row.querySelectorAll("input, select, button").forEach((n) => { n.disabled = true; });
    return row;
  }));
  $("#outside-note").textContent = outsideFixed() ? `${t("tableOutsideNote")} ${state.info.outsideTable.file}` : "";
  $("#add-outside").hidden = outsideFixed();
}

function select(i) {
  if (i === state.selected) return;
  state.selected = i;
  document.querySelectorAll("#communes tbody tr").forEach((row) => row.classList.toggle("selected", Number(row.dataset.index) === i));
  renderCommuneDetail();
  keepDraft();
  schedulePreview(0);
}

// MARK: Edits, preview and problems

/// A picture that follows edits: returns `schedule(delay)`, which marks `box` stale and draws
/// once edits pause for `delay` ms. At most one request is in flight, so typing never queues up drafts on the
/// server; edits made meanwhile are drawn as soon as it answers. `draw(current)` asks and shows,
/// checking `current()` after each answer (an answer to an earlier edit is not shown), and says
/// whether it showed the latest.
function livePreview(box, draw) {
  let timer = null, busy = false, again = false, seq = 0;
  async function run() {
    if (busy) { again = true; return; }
    busy = true;
    const mine = seq, current = () => mine === seq;
    try {
      if (await draw(current) && current()) { box.classList.remove("stale"); box.dataset.seq = String(mine); }
    } catch (error) {
      banner(String(error), "bad");
    } finally {
      busy = false;
      if (again) { again = false; run(); }
    }
  }
  return (delay) => { clearTimeout(timer); seq++; box.classList.add("stale"); timer = setTimeout(run, delay); };
}

/// Edits closer together than this are previewed once, after the last (ms).
const previewDelay = 40;

function changed() {
  state.dirty = true;
  keepDraft();
  updateStatus();
  schedulePreview(previewDelay);
}

/// The directory tab's preview: the selected commune's sides, or the draft checked when it has none.
const schedulePreview = livePreview($("#sides"), async (current) => {
  const commune = state.doc.communes[state.selected];
  $("#preview-title").textContent = commune ? commune.name : "";
  updateDownloads();
  let r;
  if (!commune) {
    r = await api("POST", "/api/check", { document: state.doc });
    if (!current()) return false;
    $("#sides").replaceChildren(el("p", { class: "hint", text: t("noCommune") }));
  } else {
    r = await api("POST", "/api/preview", { document: state.doc, commune: state.selected, format: "svg" });
    if (!current()) return false;
    if (r.status === 503) { note(t("busy")); schedulePreview(1000); return false; }
    if (!r.ok) { banner((r.data && r.data.error) || `HTTP ${r.status}`, "bad"); return false; }
    renderSides(r.data.sides);
  }
  renderProblems(r.data.problems);
  return true;
});

/// Sets a picture's size on screen: its size in mm (data-w, data-h) times the zoom (CSS mm are print mm at 100%).
function sizeAtZoom(node) {
  const zoom = state.zoom / 100;
  node.style.width = `${Number(node.dataset.w) * zoom}mm`;
  node.style.height = `${Number(node.dataset.h) * zoom}mm`;
  return node;
}

/// Shows `sides` in `box` (the directory's preview, or the design tab's); `size` is the
/// keychain's, for the place of a keychain that cannot be drawn.
function renderSides(sides, box = $("#sides"), size = state.info.template) {
  if (!sides.length) {
    box.replaceChildren(sizeAtZoom(el("div", { class: "side-error", id: `${box.id}-blocked`, text: t("cannotDraw"),
                                               dataset: { w: size.width, h: size.height } })));
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

/// Lists `problems` and marks the fields they name, in the directory tab or (`where`) another:
/// its root element, its list and count, how it finds a problem's fields, its ids' prefix.
function renderProblems(problems, where = { root: $("#view-edit"), list: $("#problems"), count: $("#problem-count"),
                                            find: fieldsFor, prefix: "problem" }) {
  if (where.list.id === "problems") state.problems = problems;
  where.root.querySelectorAll(".invalid, .warned").forEach((n) => {
    n.classList.remove("invalid", "warned");
    n.removeAttribute("aria-invalid");
    n.removeAttribute("aria-describedby");
  });
  where.root.querySelectorAll(".field-error, .field-warning").forEach((n) => n.remove());
  const list = where.list;
  const errors = problems.filter((p) => p.severity === "error").length;
  where.count.textContent = problems.length ? `(${errors} ${t("errors")}, ${problems.length - errors} ${t("warnings")})` : "";
  if (!problems.length) { list.replaceChildren(el("li", { class: "none", text: t("noProblems") })); return; }
  list.replaceChildren(...problems.map((p) => {
    // A button in the item: the keyboard reaches the field a problem names, as a click does.
    return el("li", { class: p.severity }, el("button", { type: "button", text: describe(p), onclick: () => goTo(p, where.find) }));
  }));
  // Each field a problem names is marked, and a screen reader reads the message with it.
  problems.forEach((p, n) => {
    const targets = where.find(p.target);
    targets.forEach((node, k) => {
      node.classList.add(p.severity === "error" ? "invalid" : "warned");
      if (p.severity === "error") node.setAttribute("aria-invalid", "true");
      const said = node.getAttribute("aria-describedby"), id = `${where.prefix}-${n}`;
      node.setAttribute("aria-describedby", said ? `${said} ${id}` : id);
      if (k === 0) {
        const place = node.closest("td, label") || node.parentElement;
        place.append(el("div", { id, class: p.severity === "error" ? "field-error" : "field-warning", text: p.message }));
      }
    });
  });
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
  const inside = [...document.querySelectorAll(`[data-field^="${CSS.escape(target + ".")}"]`)];
  if (inside.length) return inside;
  // A field of a commune whose details are not shown: its row.
  const commune = /^communes\.\d+/.exec(target);
  return commune && commune[0] !== target ? fieldsFor(commune[0]) : [];
}

function goTo(p, find = fieldsFor) {
  const m = /^communes\.(\d+)/.exec(p.target || "");
  if (m && find === fieldsFor) select(Number(m[1]));
  const node = find(p.target)[0];
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
    form: theirs.form,
    issuer: mergeObject(base.issuer, mine.issuer, theirs.issuer, policeName(theirs.issuer)),
    communes: mergeList(base.communes, mine.communes, theirs.communes, (u) => u.name),
    outside: mergeList(base.outside, mine.outside, theirs.outside, (u) => u.name),
    template: theirs.template, // not edited on the page: the file's
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

/// The bytes of a file as base64 (a workbook goes to the server so).
function base64(file) {
  return new Promise((done, fail) => {
    const reader = new FileReader();
    reader.onload = () => done(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => fail(reader.error);
    reader.readAsDataURL(file);
  });
}

async function importFile(file) {
  const isTable = !/\.ya?ml$/i.test(file.name);
  if (isTable && state.doc && communesFixed()) {
    banner(`${t("importFailed")} ${t("workbookNote")} ${state.info.communesTable.file} ${t("workbookNoteEnd")}`, "bad");
    return;
  }
  const body = { name: file.name, document: state.doc };
  if (/\.xls[xm]$/i.test(file.name)) body.data = await base64(file); else body.text = await file.text();
  const r = await api("POST", "/api/import", body);
  if (!r.ok || !r.data || !r.data.document) {
    const lines = r.data && r.data.problems ? r.data.problems.map((p) => p.text) : [(r.data && r.data.error) || `HTTP ${r.status}`];
    banner(`${t("importFailed")} ${lines.join(" | ")}`, "bad");
    return;
  }
  state.doc = r.data.document;
  // The file keeps its form: a district written as `issuer:` in a 2025 file, as `district:` in a 2018 one.
  if (state.info.exists && state.base && state.doc.form !== state.base.form
      && (state.base.form === "issuer" || state.doc.issuer.level === "district")) state.doc.form = state.base.form;
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
    const edit = () => {
      if (!state.doc) return;
      const i = state.doc.communes.findIndex((d) => nameKey(d.name) === nameKey(c.name));
      showTab("edit");
      if (i >= 0) select(i);
    };
    // The name is a button, so the keyboard opens a commune as a click on its card does.
    return el("div", { class: "card", onclick: edit }, el("h2", {}, el("button", { type: "button", text: c.name })), pair);
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
  $("#lang-button").lang = state.lang === "vi" ? "en" : "vi";
}

/// Shows the view `name` (a tab pattern: the chosen tab is selected and the one in the Tab order).
function showTab(name) {
  document.querySelectorAll(".tab").forEach((b) => {
    const chosen = b.dataset.tab === name;
    b.classList.toggle("active", chosen);
    b.setAttribute("aria-selected", String(chosen));
    b.tabIndex = chosen ? 0 : -1;
  });
  $("#view-edit").hidden = name !== "edit";
  $("#view-overview").hidden = name !== "overview";
  $("#view-design").hidden = name !== "design";
  history.replaceState(null, "", name === "edit" ? location.pathname : `#${name}`);
  if (name === "overview") renderOverview();
  document.dispatchEvent(new CustomEvent("mockhoa:tab", { detail: name }));
}

document.addEventListener("DOMContentLoaded", () => {
  $("#lang-button").addEventListener("click", async () => {
    const lang = state.lang === "vi" ? "en" : "vi";
    const r = await api("GET", "/api/labels", undefined, { "Accept-Language": lang });
    if (!r.ok) { banner((r.data && r.data.error) || `HTTP ${r.status}`, "bad"); return; }
    useText(r.data);
    // The server opens the page in this language from now on.
    document.cookie = `mockhoa-lang=${state.lang}; Path=/; Max-Age=31536000; SameSite=Strict`;
    document.dispatchEvent(new Event("mockhoa:language"));
    if (!state.doc) { applyLang(); return; }
    renderAll();
    renderProblems(state.problems);
  });
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  $("#tabs").addEventListener("keydown", (e) => {  // the arrow keys, Home and End move between the tabs
    const tabs = [...document.querySelectorAll(".tab")];
    const at = tabs.indexOf(document.activeElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (at < 0 || to === undefined) return;
    e.preventDefault();
    const tab = tabs[(to + tabs.length) % tabs.length];
    showTab(tab.dataset.tab);
    tab.focus();
  });
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
    state.doc.communes.push({ name: t("newCommune"), kind: state.info.kinds[0], phone: "", display: null, neighbours: [],
                              checkpoints: [], contacts: [], link: null, formerly: [], quantity: null });
    state.selected = state.doc.communes.length - 1;
    changed(); renderCommunes(); renderUnitNames();
    const input = document.querySelector(`[data-field="communes.${state.selected}.name"]`);
    if (input) { input.focus(); input.select(); }
  };
  $("#add-commune").addEventListener("click", addCommune);
  $("#add-outside").addEventListener("click", () => {
    state.doc.outside.push({ name: t("newUnit"), district: null, province: null, kind: state.info.kinds[0], phone: "", display: null });
    changed(); renderOutside(); renderUnitNames(); refreshNeighbourCells();
  });
  $("#add-checkpoint").addEventListener("click", () => {
    state.doc.issuer.checkpoints.push({ name: "", phone: "", display: null });
    changed(); renderCheckpoints($("#issuer-checkpoints tbody"), state.doc.issuer.checkpoints, "issuer.checkpoints");
  });
  $("#add-contact").addEventListener("click", () => {
    state.doc.issuer.contacts.push({ name: "", phone: "", display: null });
    changed(); renderCheckpoints($("#issuer-contacts tbody"), state.doc.issuer.contacts, "issuer.contacts");
  });
  $("#add-commune-contact").addEventListener("click", () => {
    const c = state.doc.communes[state.selected];
    if (!c) return;
    c.contacts.push({ name: "", phone: "", display: null });
    changed(); renderCommuneDetail();
  });
  window.addEventListener("beforeunload", (e) => {
    if (state.dirty && state.info && !state.info.readOnly) { e.preventDefault(); e.returnValue = t("unload"); }
  });
});
// Deferred: the document is parsed, and the page is drawn before its first paint.
start();
