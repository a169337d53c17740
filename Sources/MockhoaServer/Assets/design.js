// mockhoa serve: the design tab. A design is a template file as JSON under the file's own keys
// (GET /api/design); it is drawn for a commune of the directory being edited as it changes
// (POST /api/design/preview) and saved beside the directory file, which then names it
// (PUT /api/design). Uses app.js's helpers: $, el, t, api, state, banner, note, livePreview,
// renderSides, renderProblems.
"use strict";

const design = {
  info: null, doc: null, base: null, file: null, etag: "new", dirty: false, fileTyped: false,
};

/// The QR code's usual contents, by what the officer picks.
const qrChoices = [
  ["qrHotline", "{{district.hotline.tel}}"],
  ["qrIssuerLink", "{{issuer.link}}"],
  ["qrCommuneLink", "{{commune.link}}"],
  ["qrIssuerOrHotline", "{{#issuer.link}}{{issuer.link}}{{/issuer.link}}{{^issuer.link}}{{district.hotline.tel}}{{/issuer.link}}"],
];
/// What a list shows, by the list an element names.
const listNames = {
  "neighbours": "listNeighbours", "checkpoints": "listCheckpoints", "contacts": "listContacts",
  "district.hotlines": "listHotlines", "issuer.hotlines": "listHotlines", "district.checkpoints": "listCheckpoints",
  "issuer.checkpoints": "listCheckpoints", "district.contacts": "listContacts", "issuer.contacts": "listContacts",
  "commune.contacts": "listCommuneContacts", "commune.formerly": "listFormerly",
};
const colourNames = { background: "colourBackground", text: "colourText", border: "colourBorder", "qr-tile": "colourQrTile", "qr-modules": "colourQrModules" };
const errorOf = (r) => (r.data && r.data.error) || `HTTP ${r.status}`;

async function openDesign() {
  if (design.info) { drawDesign(); previewDesign(0); return; }
  const r = await api("GET", "/api/design");
  if (!r.ok) { banner(errorOf(r), "bad"); return; }
  design.info = r.data;
  design.etag = r.data.etag;
  design.file = r.data.file;
  design.base = r.data.base;
  design.doc = structuredClone(r.data.design || r.data.gallery[0].design);
  drawDesign();
  if (r.data.problems.length) showDesignProblems(r.data.problems);
  previewDesign(0);
}

// MARK: Reading and writing the design's fields

/// The design's value at `path` (`size.width`, `front.2.text`).
function valueAt(path) {
  return path.split(".").reduce((v, k) => (v == null ? undefined : v[k]), design.doc);
}

function setValue(path, value) {
  const keys = path.split(".");
  let node = design.doc;
  for (const k of keys.slice(0, -1)) node = node[k] ?? (node[k] = {});
  const last = keys[keys.length - 1];
  if (value === null || value === "") delete node[last]; else node[last] = value;
}

/// Binds an input to the design field it names (`data-design`).
function bindDesign(input) {
  const path = input.dataset.design;
  const value = valueAt(path) ?? input.dataset.default;  // a field a file leaves out has its default
  input.value = value == null ? "" : String(value);
  input.oninput = () => {
    const v = input.value.trim();
    setValue(path, input.type === "number" ? (v === "" ? null : Number(v)) : input.value);
    // A new design's file is named after it until the officer names the file.
    if (path === "name" && !design.file && !design.fileTyped) $("#design-file").value = fileNameFor(input.value);
    designChanged();
  };
  input.onchange = input.tagName === "SELECT" ? () => { input.oninput(); drawDesign(); } : null;
}

function designChanged() {
  design.dirty = true;
  $("#design-status").textContent = t("unsaved");
  $("#design-save").disabled = design.info.readOnly;
  previewDesign(150);
}

// MARK: Drawing the tab

function drawDesign() {
  const info = design.info, doc = design.doc;
  $("#design-note").textContent = info.readOnlyReason === "sample" ? t("designReadOnlySample")
    : info.readOnlyReason === "template" ? t("designReadOnlyTemplate")
    : design.file ? t("designFromFile").replace("{1}", design.file)
    : t("designFromBuiltIn").replace("{1}", design.base || "default");
  $("#gallery").replaceChildren(...info.gallery.map((g) => el("label", {},
    el("input", { type: "radio", name: "gallery", value: g.name, onchange: () => pickDesign(g),
                  ...(design.base === g.name && !design.file ? { checked: "" } : {}) }),
    el("span", {}, el("strong", { text: g.name }), el("small", { text: g.summary })))));
  document.querySelectorAll("#view-design [data-design]").forEach(bindDesign);
  document.querySelectorAll("#view-design [data-shape]").forEach((n) => { n.hidden = (doc.shape || "ellipse") !== n.dataset.shape; });
  const hole = $("#design-has-hole");
  hole.checked = Boolean(doc.hole);
  document.querySelectorAll(".hole-fields [data-design]").forEach((n) => { n.disabled = !doc.hole; });
  drawColours();
  for (const side of ["front", "back"]) drawElements(side);
  const file = $("#design-file");
  file.value = design.file || file.value || fileNameFor(doc.name);
  file.disabled = info.readOnly || Boolean(design.file);
  $("#design-save").disabled = info.readOnly || !design.dirty;
  $("#picture-file").disabled = info.readOnly;
  $("#design-status").textContent = info.readOnly ? t("readOnly") : design.dirty ? t("unsaved") : t("saved");
  const communes = (state.doc && state.doc.communes) || [];
  const select = $("#design-commune");
  const chosen = Math.min(Number(select.value || state.selected || 0), Math.max(0, communes.length - 1));
  select.replaceChildren(...communes.map((c, i) => el("option", { value: String(i), text: c.name })));
  select.value = String(chosen);
}

/// `my-design.yaml` from a design's name (`Phường An Cựu` → `phuong-an-cuu.yaml`).
function fileNameFor(name) {
  const slug = (name || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return `${slug || "my-design"}.yaml`;
}

function drawColours() {
  const colours = design.doc.colours || {};
  $("#colour-rows").replaceChildren(...Object.keys(colourNames).filter((k) => colours[k]).map((key) => {
    const c = colours[key], name = t(colourNames[key]), path = `colours.${key}`;
    const picker = el("input", { type: "color", value: hex6(c.rgb), "aria-label": `${name}: ${t("colourScreen")}`, dataset: { design: `${path}.rgb` } });
    picker.oninput = () => { c.rgb = picker.value.toUpperCase(); designChanged(); };
    const cmyk = el("input", { value: (c.cmyk || []).join(", "), inputmode: "decimal", autocomplete: "off", dataset: { design: `${path}.cmyk` } });
    cmyk.oninput = () => {
      const parts = cmyk.value.split(/[\s,;]+/).filter(Boolean).map(Number);
      if (parts.length) c.cmyk = parts; else delete c.cmyk;
      designChanged();
    };
    const spot = el("input", { value: c.spot || "", autocomplete: "off", dataset: { design: `${path}.spot` } });
    spot.oninput = () => { if (spot.value.trim()) c.spot = spot.value; else delete c.spot; designChanged(); };
    return el("div", { class: "colour-row" }, el("strong", { text: name }), picker,
      el("label", {}, el("span", { text: `${name}: ${t("colourCMYK")}` }), cmyk),
      el("label", {}, el("span", { text: `${name}: ${t("colourSpot")}` }), spot));
  }));
}

/// `#D71920` as a colour input takes it (`#RGB` written out; anything else black).
function hex6(rgb) {
  const s = String(rgb || "").trim();
  if (/^#[0-9a-f]{6}$/i.test(s)) return s.toLowerCase();
  if (/^#[0-9a-f]{3}$/i.test(s)) return `#${[...s.slice(1)].map((ch) => ch + ch).join("")}`.toLowerCase();
  return "#000000";
}

function drawElements(side) {
  const box = $(`#design-${side} .elements`);
  const elements = design.doc[side] || [];
  let line = 0;
  box.replaceChildren(...elements.map((e, i) => {
    const path = `${side}.${i}`;
    let body;
    if (e.text != null) {
      line++;
      body = field(t("elementText").replace("{1}", line), `${path}.text`);
    } else if (e.list != null) {
      const list = t("elementList").replace("{1}", listNames[e.list] ? t(listNames[e.list]) : e.list);
      body = el("div", { class: "pair" },
        field(`${list}: ${t("elementHeading")}`, `${path}.heading`), field(`${list}: ${t("elementItem")}`, `${path}.item`));
    } else if (e.qr != null) {
      const known = qrChoices.some(([, v]) => v === e.qr);
      const select = el("select", { dataset: { design: `${path}.qr` } },
        ...qrChoices.map(([label, v]) => el("option", { value: v, text: t(label) })),
        ...(known ? [] : [el("option", { value: e.qr, text: `${t("qrCustom")}: ${e.qr}` })]));
      body = el("label", {}, el("span", { text: t("elementQR") }), select);
    } else if (e.image != null) {
      body = field(t("elementImage").replace("{1}", e.image), `${path}.height`, "number");
    } else {
      return null;
    }
    const remove = el("button", { type: "button", text: t("remove"), onclick: () => {
      elements.splice(i, 1);
      designChanged();
      drawElements(side);
    } });
    remove.setAttribute("aria-label", `${t("remove")}: ${body.textContent || path}`);
    return el("div", { class: "element" }, body, remove);
  }));
  box.querySelectorAll("[data-design]").forEach(bindDesign);
}

function field(label, path, type = "text") {
  const input = el("input", { type, dataset: { design: path } });
  if (type === "number") { input.step = "0.5"; input.min = "1"; } else input.autocomplete = "off";
  return el("label", {}, el("span", { text: label }), input);
}

function pickDesign(g) {
  if (design.dirty && !confirm(t("designReplace").replace("{1}", g.name))) { drawDesign(); return; }
  design.doc = structuredClone(g.design);
  design.base = g.name;
  if (!design.fileTyped) $("#design-file").value = design.file || fileNameFor(g.design.name || g.name);
  designChanged();
  drawDesign();
}

// MARK: The live preview

/// The design drawn for the commune chosen beside it, from the directory being edited.
const previewDesign = livePreview($("#design-sides"), async (current) => {
  if (!state.doc || !state.doc.communes.length) {
    $("#design-sides").replaceChildren(el("p", { class: "hint", text: t("noCommune") }));
    return false;
  }
  const commune = Number($("#design-commune").value || 0);
  const r = await api("POST", "/api/design/preview",
    { design: design.doc, base: design.base, document: state.doc, commune, format: "svg" });
  if (!current()) return false;
  if (r.status === 503) { previewDesign(1000); return false; }
  if (!r.ok) { banner(errorOf(r), "bad"); return false; }
  renderSides(r.data.sides, $("#design-sides"), design.doc.size);
  showDesignProblems(r.data.problems);
  return true;
});

/// The inputs a design problem names (`design.front.2.text`, or every field of `design.hole`).
function designFields(target) {
  if (!target || !target.startsWith("design.")) return [];
  const path = target.slice("design.".length);
  const exact = [...document.querySelectorAll(`#view-design [data-design="${CSS.escape(path)}"]`)];
  return exact.length ? exact : [...document.querySelectorAll(`#view-design [data-design^="${CSS.escape(path + ".")}"]`)];
}

function showDesignProblems(problems) {
  renderProblems(problems, { root: $("#view-design"), list: $("#design-problems"), count: $("#design-problem-count"),
                             find: designFields, prefix: "design-problem" });
}

// MARK: Saving and pictures

async function saveDesign() {
  const body = { design: design.doc, base: design.base };
  if (!design.file) body.file = $("#design-file").value.trim();
  $("#design-status").textContent = t("saving");
  const r = await api("PUT", "/api/design", body, { "If-Match": `"${design.etag}"` });
  if (r.status === 422 && r.data && r.data.problems) { showDesignProblems(r.data.problems); $("#design-status").textContent = t("unsaved"); return; }
  if (!r.ok) { banner(errorOf(r), "bad"); $("#design-status").textContent = t("unsaved"); return; }
  design.etag = r.data.etag;
  design.file = r.data.file;
  design.dirty = false;
  // The directory file now names the design: the directory tab's draft says so too.
  state.etag = r.data.directoryEtag;
  state.info.etag = r.data.directoryEtag;
  if (state.doc) state.doc.template = r.data.file;
  if (state.base) state.base.template = r.data.file;
  note(t("designSaved").replace("{1}", r.data.file));
  drawDesign();
  schedulePreview(0);
}

async function uploadPicture(file) {
  const headers = { "Accept-Language": state.lang, "Content-Type": file.type || "application/octet-stream" };
  if (token) headers["X-Mockhoa-Token"] = token;
  const response = await fetch(`/api/assets?name=${encodeURIComponent(file.name)}`, { method: "POST", headers, body: file });
  const data = (response.headers.get("Content-Type") || "").startsWith("application/json") ? await response.json() : null;
  if (!response.ok) { banner(errorOf({ status: response.status, data }), "bad"); return; }
  const side = $("#picture-side").value;
  design.doc[side] = design.doc[side] || [];
  design.doc[side].unshift({ image: data.file, height: Number($("#picture-height").value) || 8 });
  note(t("pictureAdded").replace("{1}", data.file));
  designChanged();
  drawElements(side);
}

document.addEventListener("DOMContentLoaded", () => {
  document.addEventListener("mockhoa:tab", (e) => { if (e.detail === "design") openDesign(); });
  document.addEventListener("mockhoa:language", async () => {  // the gallery's summaries, in the new language
    if (!design.info) return;
    const r = await api("GET", "/api/design");
    if (r.ok) design.info.gallery = r.data.gallery;
    drawDesign();
    previewDesign(0);
  });
  $("#design-save").addEventListener("click", saveDesign);
  $("#design-commune").addEventListener("change", () => previewDesign(0));
  $("#design-file").addEventListener("input", () => { design.fileTyped = true; });
  $("#design-has-hole").addEventListener("change", (e) => {
    const size = design.doc.size;
    if (e.target.checked) design.doc.hole = { diameter: 4, x: size.width / 2, y: Math.min(6, size.height / 4) };
    else delete design.doc.hole;
    designChanged();
    drawDesign();
  });
  document.querySelectorAll(".design-side .add-line").forEach((b) => b.addEventListener("click", () => {
    const side = b.closest(".design-side").dataset.side;
    design.doc[side] = design.doc[side] || [];
    design.doc[side].push({ text: "", style: "label" });
    designChanged();
    drawElements(side);
    const inputs = $(`#design-${side} .elements`).querySelectorAll("input");
    if (inputs.length) inputs[inputs.length - 1].focus();
  }));
  $("#picture-file").addEventListener("change", (e) => { if (e.target.files[0]) uploadPicture(e.target.files[0]); e.target.value = ""; });
  if (!$("#view-design").hidden) openDesign();  // the page opened on this tab (`/#design`)
});
