// sohoa counter page: the few things plain HTML cannot do. No framework; htmx polls the live statuses.
"use strict";
(function () {
  // The dossier code, checked as it is typed (the server checks it again).
  var SHAPE = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4,8})$/;
  function checkDossier(input) {
    var out = document.getElementById("dossier_check");
    var value = input.value.trim().toUpperCase();
    if (!out) return;
    if (!value) { out.textContent = ""; out.className = "check"; input.setCustomValidity(""); return; }
    var m = SHAPE.exec(value), message = input.dataset.ok, ok = true;
    if (!m) { ok = false; message = input.dataset.bad; }
    else {
      var y = 2000 + Number(m[5]), mo = Number(m[6]), d = Number(m[7]), day = new Date(Date.UTC(y, mo - 1, d));
      if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) {
        ok = false; message = input.dataset.badDate;
      }
    }
    out.textContent = message;
    out.className = "check " + (ok ? "ok" : "bad");
    input.setCustomValidity(ok ? "" : message);
  }

  // Files dropped on the box go into the file input.
  function setUpDrop(zone) {
    var input = zone.querySelector("input[type=file]"), shown = zone.querySelector(".chosen");
    function show() {
      var n = input.files ? input.files.length : 0;
      shown.textContent = n ? input.dataset.chosen.replace("{n}", n) : "";
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (e) {
      zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (e) {
      zone.addEventListener(e, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (ev) {
      ev.preventDefault();
      if (ev.dataTransfer && ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; show(); }
    });
  }

  // Clicking (or Enter on) a field outlines where on its page it was read.
  function highlight(field) {
    var page = document.querySelector('.page[data-page="' + field.dataset.page + '"]');
    if (!page) return;
    var img = page.querySelector("img"), box = page.querySelector(".hl");
    var b = field.dataset.box.split(",").map(Number);
    function place() {
      var sx = img.clientWidth / img.naturalWidth, sy = img.clientHeight / img.naturalHeight;
      box.style.left = (b[0] * sx - 3) + "px"; box.style.top = (b[1] * sy - 3) + "px";
      box.style.width = ((b[2] - b[0]) * sx + 6) + "px"; box.style.height = ((b[3] - b[1]) * sy + 6) + "px";
      box.hidden = false;
      box.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    document.querySelectorAll(".hl").forEach(function (h) { if (h !== box) h.hidden = true; });
    document.querySelectorAll(".field.active").forEach(function (f) { f.classList.remove("active"); });
    field.classList.add("active");
    if (img.complete && img.naturalWidth) place(); else img.addEventListener("load", place, { once: true });
  }

  // Review shortcuts: A accept, C correct the first flagged field, N next, Esc close the open correction.
  function shortcut(ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (ev.key === "Escape") {
      document.querySelectorAll("details.fix[open]").forEach(function (d) { d.open = false; });
      // The closed correction's input must not keep the focus, or the next shortcut would be typed into it.
      if (document.activeElement && document.activeElement.closest("details.fix")) document.activeElement.blur();
      return;
    }
    if (tag === "input" || tag === "select" || tag === "textarea" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var key = ev.key.toLowerCase(), target;
    if (key === "c") {
      target = document.querySelector("details.fix[data-flagged]") || document.querySelector("details.fix");
      if (target) { ev.preventDefault(); target.open = true; target.querySelector("input:not([type=hidden])").focus(); }
      return;
    }
    target = document.querySelector('[data-key="' + key + '"]');
    if (target) { ev.preventDefault(); target.click(); }
  }

  // A photo of the receipt: the server reads the QR code and the dossier code is filled in.
  function setUpReceipt(input, dossier) {
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      var out = document.getElementById("dossier_check"), body = new FormData();
      body.append("receipt", input.files[0]);
      out.textContent = input.dataset.reading; out.className = "check";
      var token = document.querySelector("#intake input[name=csrf_token]").value;
      fetch(input.dataset.qr, { method: "POST", body: body, headers: { "X-CSRF-Token": token },
                                credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (answer.dossier_id) { dossier.value = answer.dossier_id; checkDossier(dossier); }
          else { out.textContent = answer.message; out.className = "check bad"; }
        })
        .catch(function () { out.textContent = dossier.dataset.bad; out.className = "check bad"; })
        .finally(function () { input.value = ""; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var dossier = document.querySelector("[data-dossier-check]");
    if (dossier) { dossier.addEventListener("input", function () { checkDossier(dossier); }); checkDossier(dossier); }
    var qr = document.querySelector("[data-qr]");
    if (qr && dossier) setUpReceipt(qr, dossier);
    document.querySelectorAll("[data-drop]").forEach(setUpDrop);
    document.querySelectorAll(".field[data-box]").forEach(function (f) {
      f.addEventListener("click", function (ev) { if (!ev.target.closest("details")) highlight(f); });
      f.addEventListener("keydown", function (ev) { if (ev.key === "Enter" && ev.target === f) highlight(f); });
    });
    document.querySelectorAll("[data-back]").forEach(function (a) {
      a.addEventListener("click", function (ev) { if (history.length > 1) { ev.preventDefault(); history.back(); } });
    });
    document.addEventListener("keydown", shortcut);
  });
})();
