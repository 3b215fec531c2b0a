// Brobygning front-end behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Drafts of long forms (e.g. a home-visit note) survive a lost connection or a reload.
  // Marked forms keep their text in sessionStorage (this tab only, cleared when it closes),
  // never localStorage. A submit only marks the draft as sent: the next page removes it,
  // unless that page shows the same form again (refused with errors, or the request never
  // arrived and the user went back).
  var SENT = "draft-sent";
  // Kept with each draft; no form field has these names, so restoring skips them.
  var PAGE = "__page", LABEL = "__label", AT = "__at";

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
        // Where the draft was written, so the start page can lead back to it.
        var heading = document.querySelector("main h1");
        data[PAGE] = location.pathname + location.search;
        data[LABEL] = heading ? heading.textContent.trim() : document.title;
        data[AT] = new Date().toISOString();
        sessionStorage.setItem(key, JSON.stringify(data));
      });
      form.addEventListener("submit", function (event) {
        if (!event.defaultPrevented) sessionStorage.setItem(SENT, key);
      });
    });
  }

  // The start page lists this tab's drafts not saved yet, each a link back to its form.
  function listDrafts() {
    var box = document.querySelector("[data-local-drafts]");
    if (!box) return;
    var list = box.querySelector("[data-draft-list]");
    var shown = 0;
    Object.keys(sessionStorage).sort().forEach(function (key) {
      if (key.indexOf("draft:") !== 0) return;
      var saved = {};
      try { saved = JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (e) { return; }
      if (!saved[PAGE] || saved[PAGE].charAt(0) !== "/") return;
      var item = document.createElement("li");
      item.className = "task-list-item";
      var name = document.createElement("div");
      name.className = "task-list-name";
      var link = document.createElement("a");
      link.className = "task-list-link";
      link.href = saved[PAGE];
      link.textContent = saved[LABEL] || saved[PAGE];
      name.appendChild(link);
      var status = document.createElement("div");
      status.className = "task-list-status";
      var tag = document.createElement("strong");
      tag.className = "status-tag status-tag-warning";
      tag.textContent = box.dataset.tag;
      status.appendChild(tag);
      if (saved[AT]) {
        var when = document.createElement("div");
        when.className = "task-list-hint";
        when.textContent = new Date(saved[AT]).toLocaleString(document.documentElement.lang, {
          day: "numeric", month: "short", hour: "2-digit", minute: "2-digit"
        });
        status.appendChild(when);
      }
      item.appendChild(name);
      item.appendChild(status);
      list.appendChild(item);
      shown += 1;
    });
    if (shown) {
      box.querySelector("[data-draft-count]").textContent = String(shown);
      box.hidden = false;
    }
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
    setUpDrafts(document);
    listDrafts();
  });
  document.addEventListener("htmx:afterSettle", function (event) { setUpDrafts(event.target); });
  document.addEventListener("htmx:pushedIntoHistory", forgetHtmxPath);
  document.addEventListener("htmx:replacedInHistory", forgetHtmxPath);
})();
