// "Copy" buttons for text the page already shows as selectable text (a
// document's citation). Without JavaScript the text stays there to select by
// hand; with it, a button is added after each element that asks for one
// (data-copy-label), labelled in the page's language by that attribute.
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
