// Brobygning front-end behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Drafts of long forms (e.g. a home-visit note) survive a lost connection or a reload.
  // Marked forms keep their text in sessionStorage (this tab only, cleared when it closes),
  // never localStorage, and the draft is removed once the form is submitted.
  function setUpDrafts(root) {
    root.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      if (form.dataset.draftReady) return;
      form.dataset.draftReady = "1";
      var key = "draft:" + form.dataset.draftKey;
      var saved = {};
      try { saved = JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
      var restored = false;
      Object.keys(saved).forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && "value" in field && field.type !== "hidden" && !field.value) {
          field.value = saved[name];
          restored = true;
        }
      });
      var notice = form.querySelector("[data-draft-notice]");
      if (restored && notice) notice.hidden = false;
      form.addEventListener("input", function () {
        var data = {};
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name && field.type !== "hidden" && field.type !== "password" &&
              field.type !== "checkbox" && field.type !== "radio" && field.value) {
            data[field.name] = field.value;
          }
        });
        sessionStorage.setItem(key, JSON.stringify(data));
      });
      form.addEventListener("submit", function () { sessionStorage.removeItem(key); });
    });
  }

  // Elements with data-confirm ask before a destructive action.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);

  document.addEventListener("DOMContentLoaded", function () { setUpDrafts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { setUpDrafts(event.target); });
})();
