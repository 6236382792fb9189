/* Optional enhancement: every page works without this file.
   Facet checkboxes and the sort menu apply at once; the filters fold away
   on narrow screens. */
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
  var facets = document.querySelector("details.facets");
  if (facets && window.matchMedia && window.matchMedia("(max-width: 48em)").matches &&
      !document.querySelector(".chips")) {
    facets.open = false;
  }
})();
