/* Optional enhancement: every page works without this file.
   Facet checkboxes and the sort menu apply at once; the filters fold away
   on narrow screens; search boxes suggest words from the index as you type
   (a <datalist> filled from /api/suggest); a citation gets a "copy" button. */
(function () {
  "use strict";
  var form = document.getElementById("s");
  if (form) {
    document.documentElement.classList.add("js");
    form.addEventListener("change", function (e) {
      var t = e.target;
      if (t.type === "checkbox" || t.id === "sort") {
        remember(t);
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
    form.addEventListener("submit", function () {
      /* Keep URLs short: drop empty fields. */
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value === "" && el.tagName !== "BUTTON") { el.disabled = true; }
      });
    });
  }
  /* The change reloads the page; without help the focus lands on <body> and a
     keyboard user starts again from the top. Remember the control (by name and
     value: ids are positions and may shift), and focus it again after the load. */
  var FOCUS_KEY = "kb-focus";
  function remember(el) {
    try {
      sessionStorage.setItem(FOCUS_KEY, JSON.stringify(
        {name: el.name, value: el.type === "checkbox" ? el.value : null, at: Date.now()}));
    } catch (e) { /* storage off: the reload still works, focus starts at the top */ }
  }
  function restore() {
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || "null");
      sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { return; }
    if (!saved || !saved.name || Date.now() - saved.at > 60000) { return; }
    var target = null;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!target && el.name === saved.name &&
          (saved.value === null || (el.type === "checkbox" && el.value === saved.value))) {
        target = el;
      }
    });
    if (!target) { return; }
    /* A value folded under "more" (or the filters folded on a phone): unfold it. */
    for (var p = target.parentNode; p && p !== form; p = p.parentNode) {
      if (p.tagName === "DETAILS") { p.open = true; }
    }
    target.focus();
  }
  window.addEventListener("pageshow", function () {
    /* Coming back through the history: fields disabled on submit work again. */
    if (form) {
      Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
    }
  });
  /* Search-as-you-type: complete the last word with words the index holds. */
  function suggest(input) {
    var list = document.createElement("datalist");
    var timer = null, asked = "";
    list.id = input.id + "-suggest";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var value = input.value, words = value.split(/\s+/);
        var last = words[words.length - 1] || "";
        if (last.length < 2 || value === asked || !window.fetch) { return; }
        asked = value;
        fetch("/api/suggest?q=" + encodeURIComponent(value), {headers: {Accept: "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
          .then(function (data) {
            if (input.value !== value) { return; }          /* typed on since */
            var head = value.slice(0, value.length - last.length);
            while (list.firstChild) { list.removeChild(list.firstChild); }
            (data.suggestions || []).forEach(function (word) {
              var option = document.createElement("option");
              option.value = head + word;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a nicety: stay quiet */ });
      }, 150);
    });
  }
  /* The boxes that search the whole repository (not "search within this document"). */
  ["q", "cq"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) { suggest(input); }
  });

  var facets = document.querySelector("details.facets");
  if (facets && window.matchMedia && window.matchMedia("(max-width: 48em)").matches &&
      !document.querySelector(".chips")) {
    facets.open = false;
  }
  if (form) { restore(); }     /* last: after the filters were folded or not */
})();

/* "Copy" buttons for text the page already shows as selectable text (a
   document's citation). Without JavaScript the text stays there to select by
   hand; with it, a button is added after each element that asks for one
   (data-copy-label), labelled in the page's language by that attribute.
   In this file rather than its own, to save a request on slow links. */
(function () {
  "use strict";
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text, done); });
    } else {
      fallback(text, done);
    }
  }
  function fallback(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (ok) { done(); }
  }
  function init() {
    var targets = document.querySelectorAll("[data-copy-label]");
    Array.prototype.forEach.call(targets, function (el) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = el.getAttribute("data-copy-label");
      var status = document.createElement("span");
      status.className = "copied";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        copyText(el.textContent.trim(), function () {
          status.textContent = el.getAttribute("data-copied-label") || "";
        });
      });
      el.insertAdjacentElement("afterend", status);
      el.insertAdjacentElement("afterend", button);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* A running job's page reloads itself (a <meta> refresh) without this; here
   its progress is read from the JSON API every second instead, and the page
   reloads as soon as the job has ended, to show the report. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-job-status");
  var text = document.getElementById("job-done");
  var bar = document.getElementById("job-bar");
  var current = document.getElementById("job-current");
  var state = box.getAttribute("data-job-state");
  function tick() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        if (job.state !== state) { window.location.reload(); return; }
        var p = job.progress;
        if (text && p.total !== null && text.getAttribute("data-of")) {
          text.textContent = text.getAttribute("data-of").replace("{done}", p.done).replace("{total}", p.total);
        }
        if (bar && p.total) { bar.max = p.total; bar.value = p.done; }
        if (current && p.current) { current.textContent = p.current; }
        window.setTimeout(tick, 1000);
      }, function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 1000);
})();
