// Filtering of the offline bundle's list, in the page itself: no server and
// no fetch() (browsers refuse it on file://). Without JavaScript the filters
// stay hidden and the whole list shows.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("docs");
  var count = document.getElementById("count");
  if (!form || !list || !count) { return; }
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var items = Array.prototype.slice.call(list.children).map(function (li) {
    return { li: li, text: fold(li.textContent) };
  });
  var box = document.getElementById("filter-text");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var lang = document.documentElement.lang || "en";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  function apply() {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (it) {
      var ok = words.every(function (w) { return it.text.indexOf(w) !== -1; });
      selects.forEach(function (sel) {
        if (ok && sel.value) {
          var values = (it.li.getAttribute("data-" + sel.name) || "").split(" ");
          ok = values.indexOf(sel.value) !== -1;
        }
      });
      it.li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var one = plural ? plural.select(shown) === "one" : shown === 1;
    count.textContent = count.getAttribute(one ? "data-one" : "data-other")
      .replace("{shown}", shown.toLocaleString(lang));
  }
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
}());
