// backstride: light interactivity over server-rendered pages. Charts come from /api/charts/*
// as Plotly figures; forms post JSON to /api/*. No external scripts.
"use strict";

function drawCharts(root) {
  const divs = (root || document).querySelectorAll("[data-chart]");
  divs.forEach((div) => {
    if (typeof Plotly === "undefined") return;
    fetch(div.dataset.chart, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))))
      .then((fig) => {
        // keep the figure's own height: a responsive re-layout (a window resize) must not
        // shrink the box under a tall multi-panel figure, which would then cover what follows
        if (fig.layout && fig.layout.height) div.style.minHeight = fig.layout.height + "px";
        return fig;
      })
      .then((fig) => Plotly.newPlot(div, fig.data, fig.layout, {
        responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"],
      }))
      .then(() => { div.dataset.drawn = "1"; })
      .catch((err) => {
        div.dataset.drawn = "error";
        div.textContent = "Could not draw this chart: " + err.message;
      });
  });
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function showImportResult(job) {
  const box = document.getElementById("import-result");
  box.replaceChildren();
  if (job.state === "failed") {
    box.append(el("p", { class: "error", role: "alert" }, "Import failed: " + job.error));
    return;
  }
  const r = job.report;
  const summary = el("p", { id: "import-summary" },
    `Imported ${r.imported.length} activities; skipped ${r.skipped.length}; failed ${r.failed.length}.`);
  box.append(summary);
  const replaced = r.imported.filter((it) => it.replaces)
    .map((it) => ({ path: it.path, reason: `activity ${it.activity_id} now comes from this file, which records more of the run than ${it.replaces}` }));
  [["replaced", replaced], ["skipped", r.skipped], ["failed", r.failed]].forEach(([name, items]) => {
    if (!items.length) return;
    const list = el("ul", { class: name });
    items.forEach((it) => list.append(el("li", {}, `${it.path}: ${it.reason}`)));
    box.append(el("h2", {}, name), list);
  });
  const next = el("p");
  next.append(el("a", { href: "/load" }, "See your training load"), " · ", el("a", { href: "/runs" }, "runs"));
  box.append(next);
}

function pollImport(id) {
  const bar = document.getElementById("import-bar");
  const count = document.getElementById("import-count");
  const current = document.getElementById("import-current");
  fetch("/api/imports/" + id).then((r) => r.json()).then((job) => {
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    count.textContent = `${job.done} of ${job.total}`;
    current.textContent = job.current || "";
    if (job.state === "running") {
      setTimeout(() => pollImport(id), 400);
    } else {
      bar.value = bar.max;
      document.getElementById("import-start").disabled = false;
      showImportResult(job);
    }
  });
}

function setupImport() {
  const form = document.getElementById("import-form");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const files = document.getElementById("import-files").files;
    if (!files.length) return;
    const data = new FormData();
    Array.from(files).forEach((f) => data.append("files", f, f.name));
    document.getElementById("import-progress").hidden = false;
    document.getElementById("import-start").disabled = true;
    document.getElementById("import-result").replaceChildren();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) document.getElementById("upload-bar").value = (100 * e.loaded) / e.total;
    };
    xhr.onload = () => {
      document.getElementById("upload-bar").value = 100;
      const body = JSON.parse(xhr.responseText || "{}");
      if (xhr.status === 202) {
        pollImport(body.id);
      } else {
        document.getElementById("import-start").disabled = false;
        document.getElementById("import-result").replaceChildren(
          el("p", { class: "error", role: "alert" }, body.detail || xhr.statusText));
      }
    };
    xhr.send(data);
  });
}

// Forms marked data-api post their fields as JSON to that URL, then follow data-next or reload.
function formJson(form) {
  const out = {};
  Array.from(form.elements).forEach((input) => {
    if (!input.name || input.disabled) return;
    if (input.type === "checkbox") { out[input.name] = input.checked; return; }
    if (input.type === "radio") { if (input.checked) out[input.name] = input.value; return; }
    if (input.value === "") return;
    if (input.dataset.type === "bool") { out[input.name] = input.value === "true"; return; }
    out[input.name] = input.type === "number" || input.type === "range" ? Number(input.value) : input.value;
  });
  return out;
}

function setupApiForms() {
  document.querySelectorAll("form[data-api]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (form.dataset.busy) return; // a second click while saving would save twice
      form.dataset.busy = "1";
      const buttons = form.querySelectorAll("button");
      buttons.forEach((b) => { b.disabled = true; });
      const done = () => { delete form.dataset.busy; buttons.forEach((b) => { b.disabled = false; }); };
      const status = form.querySelector(".form-status") || form.appendChild(el("p", { class: "form-status" }));
      status.textContent = "Saving…";
      const failed = (detail) => {
        done();
        status.textContent = "Not saved: " + detail;
        status.className = "form-status error";
      };
      fetch(form.dataset.api, {
        method: form.dataset.method || "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(formJson(form)),
      }).then((r) => r.text().then((text) => {
        let body = {};
        try { body = JSON.parse(text || "{}"); } catch (e) { body = { detail: text || r.statusText }; }
        return { ok: r.ok, body, status: r.statusText };
      }))
        .then(({ ok, body, status: statusText }) => {
          if (!ok) {
            const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
            failed(detail || statusText);
            return;
          }
          status.textContent = "Saved.";
          status.className = "form-status ok";
          if (form.dataset.next) window.location.assign(form.dataset.next);
          else window.location.reload();
        })
        .catch((e) => failed(String(e)));
    });
  });
}

// A question marked data-ask-if is shown (and sent) only while its yes/no parent is ticked.
function setupFollowUps() {
  document.querySelectorAll("[data-ask-if]").forEach((box) => {
    const parent = document.getElementById("q-" + box.dataset.askIf);
    if (!parent) return;
    const sync = () => {
      box.hidden = !parent.checked;
      box.querySelectorAll("input, select").forEach((i) => { i.disabled = !parent.checked; });
    };
    parent.addEventListener("change", sync);
    sync();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  drawCharts(document);
  setupImport();
  setupApiForms();
  setupFollowUps();
});
