/* Optional enhancement: every page works without this file.
   Facet checkboxes and the sort menu apply at once; the filters fold away
   on narrow screens; search boxes suggest words from the index as you type
   (a <datalist> filled from /api/suggest). */
(function () {
  "use strict";
  var form = document.getElementById("s");
  if (form) {
    document.documentElement.classList.add("js");
    form.addEventListener("change", function (e) {
      var t = e.target;
      if (t.type === "checkbox" || t.id === "sort") {
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
})();
