// Brobygning front-end behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Drafts of long forms (e.g. a home-visit note) survive a lost connection or a reload.
  // Marked forms keep their text in sessionStorage (this tab only, cleared when it closes),
  // never localStorage. A submit only marks the draft as sent: the next page removes it,
  // unless that page shows the same form again (refused with errors, or the request never
  // arrived and the user went back).
  var SENT = "draft-sent";

  function settleSentDraft() {
    var key = sessionStorage.getItem(SENT);
    if (!key) return;
    sessionStorage.removeItem(SENT);
    var shownAgain = Array.prototype.some.call(
      document.querySelectorAll("form[data-draft-key]"),
      function (form) { return "draft:" + form.dataset.draftKey === key; }
    );
    if (!shownAgain) sessionStorage.removeItem(key);
  }

  // Nothing of a signed-in user's stays in the browser once they log out: the logout form
  // clears both storages as it is submitted. A session that ran out is different: the user
  // is usually in the middle of a note, so pages served to signed-out visitors clear
  // everything except unsent drafts (this tab only; restored only into the same case's form
  // after signing in again, by someone who may open it).
  function forgetEverything() {
    sessionStorage.clear();
    localStorage.clear();
  }

  function forgetAllButDrafts() {
    localStorage.clear();
    Object.keys(sessionStorage).forEach(function (key) {
      if (key !== SENT && key.indexOf("draft:") !== 0) sessionStorage.removeItem(key);
    });
  }

  // htmx notes the current address in sessionStorage on every page load and history change,
  // even with its history cache off (htmx 2); the address is not for browser storage.
  function forgetHtmxPath() { sessionStorage.removeItem("htmx-current-path-for-history"); }

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
      form.addEventListener("submit", function (event) {
        if (!event.defaultPrevented) sessionStorage.setItem(SENT, key);
      });
    });
  }

  // A create form's one-time token (brobygning.submissions) must come back with the text
  // when the user goes Back to the form. Browsers restore a value only when it differs from
  // the one in the page, so the page carries the token in data-token and it is put in here;
  // an input the browser restored keeps its token. A form saved again then carries the token
  // that was already used, and the server creates nothing twice.
  function fillSubmissionTokens(root) {
    root.querySelectorAll("input[data-token]").forEach(function (input) {
      if (!input.value) input.value = input.dataset.token;
    });
  }

  // Elements with data-confirm ask before a destructive action.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);

  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-clear-storage") && !event.defaultPrevented) {
      forgetEverything();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    forgetHtmxPath();
    if (document.body.hasAttribute("data-signed-out")) {
      forgetAllButDrafts();
      return;
    }
    settleSentDraft();
    fillSubmissionTokens(document);
    setUpDrafts(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    fillSubmissionTokens(event.target);
    setUpDrafts(event.target);
  });
  document.addEventListener("htmx:pushedIntoHistory", forgetHtmxPath);
  document.addEventListener("htmx:replacedInHistory", forgetHtmxPath);
})();
