// Brobygning front-end behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Drafts of long forms (e.g. a home-visit note) survive a lost connection or a reload.
  // Marked forms keep what was filled in (text, choices, ticks) in sessionStorage (this tab only, cleared when it closes),
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

  // Which fields a draft keeps: everything the user fills in, of every type, except what is
  // not theirs to type (hidden fields, the one-time token), passwords and files.
  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !field.disabled && !field.hasAttribute("data-no-draft") &&
        ["hidden", "password", "file", "submit", "button", "reset"].indexOf(field.type) < 0 &&
        field.tagName !== "BUTTON" && field.tagName !== "FIELDSET";
    });
  }

  function isChoice(field) { return field.type === "checkbox" || field.type === "radio"; }

  // The draft: name → value for text and single selects; name → list of values for
  // checkboxes, radio buttons and multiple selects (an empty list when none is chosen).
  function readDraft(form) {
    var data = {};
    draftFields(form).forEach(function (field) {
      if (isChoice(field)) {
        if (!data[field.name]) data[field.name] = [];
        if (field.checked) data[field.name].push(field.value);
      } else if (field.type === "select-multiple") {
        data[field.name] = Array.prototype.filter.call(field.options, function (option) {
          return option.selected;
        }).map(function (option) { return option.value; });
      } else if (field.value) {
        data[field.name] = field.value;
      }
    });
    return data;
  }

  // A field is restored only while it still shows what the page came with: what the user
  // changed on this page, or the browser restored, is not overwritten.
  function untouched(fields) {
    return fields.every(function (field) {
      if (isChoice(field)) return field.checked === field.defaultChecked;
      if (field.tagName === "SELECT") {
        var options = Array.prototype.slice.call(field.options);
        var noDefault = !options.some(function (option) { return option.defaultSelected; });
        return options.every(function (option) {
          var initially = option.defaultSelected ||
            (noDefault && !field.multiple && option.index === 0);
          return option.selected === initially;
        });
      }
      return field.value === field.defaultValue;
    });
  }

  // What the user calls the field: a group of checkboxes or radio buttons by its legend,
  // any other field by its label (without the required-field star).
  function fieldLabel(fields) {
    var group = fields.length > 1 && fields[0].closest("fieldset");
    var legend = group && group.querySelector("legend");
    var label = legend || (fields[0].labels && fields[0].labels[0]);
    return label ? label.textContent.replace(/\*/g, "").replace(/\s+/g, " ").trim() : fields[0].name;
  }

  function restoreDraft(form, saved) {
    var byName = {};
    draftFields(form).forEach(function (field) {
      (byName[field.name] = byName[field.name] || []).push(field);
    });
    var restored = [];
    Object.keys(saved).forEach(function (name) {
      var fields = byName[name], value = saved[name];
      if (!fields || !untouched(fields)) return;
      var changed = false;
      fields.forEach(function (field) {
        if (isChoice(field)) {
          var checked = Array.isArray(value) ? value.indexOf(field.value) >= 0 : value === field.value;
          if (field.checked !== checked) { field.checked = checked; changed = true; }
        } else if (field.type === "select-multiple") {
          Array.prototype.forEach.call(field.options, function (option) {
            var selected = Array.isArray(value) && value.indexOf(option.value) >= 0;
            if (option.selected !== selected) { option.selected = selected; changed = true; }
          });
        } else if (typeof value === "string" && field.value !== value) {
          field.value = value;
          changed = true;
        }
      });
      if (changed) restored.push(fieldLabel(fields));
    });
    return restored;
  }

  function setUpDrafts(root) {
    root.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      if (form.dataset.draftReady) return;
      form.dataset.draftReady = "1";
      var key = "draft:" + form.dataset.draftKey;
      var saved = {};
      try { saved = JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
      var restored = restoreDraft(form, saved);
      var notice = form.querySelector("[data-draft-notice]");
      if (restored.length && notice) {
        var list = notice.querySelector("[data-draft-fields]");
        if (list) list.textContent = restored.join(", ");
        notice.hidden = false;
      }
      var keep = function () {
        var data = readDraft(form);
        // Where the draft was written, so the start page can lead back to it.
        var heading = document.querySelector("main h1");
        data[PAGE] = location.pathname + location.search;
        data[LABEL] = heading ? heading.textContent.trim() : document.title;
        data[AT] = new Date().toISOString();
        sessionStorage.setItem(key, JSON.stringify(data));
      };
      form.addEventListener("input", keep);
      form.addEventListener("change", keep);
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

  // A create form's one-time token (brobygning.core.submissions) must come back with the text
  // when the user goes Back to the form. Browsers restore a value only when it differs from
  // the one in the page, so the page carries the token in data-token and it is put in here;
  // an input the browser restored keeps its token. A form saved again then carries the token
  // that was already used, and the server creates nothing twice.
  function fillSubmissionTokens(root) {
    root.querySelectorAll("input[data-token]").forEach(function (input) {
      if (!input.value) input.value = input.dataset.token;
    });
  }

  // The close form asks for a reason only for the items the user cancels (without script
  // every reason field shows, and the server asks for the missing ones).
  function setUpClosingItems(root) {
    root.querySelectorAll("[data-closing-item]").forEach(function (item) {
      var reason = item.querySelector("[data-cancel-reason]");
      if (!reason) return;
      var show = function () {
        var chosen = item.querySelector("input[type=radio]:checked");
        reason.hidden = !(chosen && chosen.value === "cancel");
      };
      item.addEventListener("change", show);
      show();
    });
  }

  // Rows of people (households/_member_rows.html): "Add person" copies the empty row of the
  // <template>. Without script the form carries empty rows to fill in. A draft restored with
  // more rows than the page has gets the rows it needs first.
  function setUpMemberRows(root) {
    root.querySelectorAll("[data-member-rows]").forEach(function (box) {
      var button = box.querySelector("[data-add-row]");
      var template = box.querySelector("template[data-row-template]");
      var total = box.querySelector("input[name$='-TOTAL_FORMS']");
      var max = box.querySelector("input[name$='-MAX_NUM_FORMS']");
      var list = box.querySelector("[data-rows]");
      if (!button || !template || !total || !list || box.dataset.rowsReady) return;
      box.dataset.rowsReady = "1";
      var prefix = total.name.replace(/-TOTAL_FORMS$/, "");
      var limit = max ? parseInt(max.value, 10) : 1000;
      var addRow = function () {
        var index = parseInt(total.value, 10);
        if (index >= limit) return null;
        list.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
        total.value = String(index + 1);
        button.hidden = index + 1 >= limit;
        return list.lastElementChild;
      };
      var form = box.closest("form[data-draft-key]");
      if (form) {
        var saved = {};
        try { saved = JSON.parse(sessionStorage.getItem("draft:" + form.dataset.draftKey) || "{}"); } catch (e) { saved = {}; }
        var pattern = new RegExp("^" + prefix + "-(\\d+)-");
        Object.keys(saved).forEach(function (name) {
          var found = pattern.exec(name);
          while (found && parseInt(found[1], 10) >= parseInt(total.value, 10) && addRow()) { /* add */ }
        });
      }
      button.hidden = parseInt(total.value, 10) >= limit;
      button.addEventListener("click", function () {
        var row = addRow();
        var first = row && row.querySelector("input, select");
        if (first) first.focus();
      });
    });
  }

  // A form refused with errors shows a summary at its top (includes/form_errors.html): focus
  // goes there, so the eye and a screen reader start at what to fix; each of its links moves
  // the focus to its field, not only the view.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-error-link]");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var details = field.closest("details");
    if (details) details.open = true;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });

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

  // A table wider than a phone scrolls inside its .table-responsive box. With no link in
  // it, keyboard users could not scroll it (WCAG 2.1.1): such a box, while it overflows,
  // becomes a focusable region named by the table's caption.
  function focusableScrollRegions(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".table-responsive"), function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      var hasFocusable = box.querySelector("a[href], button, input, select, textarea, [tabindex]");
      if (overflows && !hasFocusable) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        if (caption) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", caption.textContent.trim());
        }
        box.dataset.scrollRegion = "";
      } else if (!overflows && box.hasAttribute("data-scroll-region")) {
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }

  // A postcode input (data-town-field) fills in its town from the shipped postcode table
  // when the town is empty or was filled in by us before; the server does the same on submit.
  var postcodeTable = null;
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-town-field]")) return;
    var town = document.getElementById(input.getAttribute("data-town-field"));
    var code = input.value.trim();
    if (!town || !/^[0-9]{4}$/.test(code)) return;
    var fill = function (table) {
      if (table[code] && (!town.value || town.hasAttribute("data-filled"))) {
        town.value = table[code];
        town.setAttribute("data-filled", "");
      }
    };
    if (postcodeTable) return fill(postcodeTable);
    fetch(input.getAttribute("data-postcodes-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (table) { postcodeTable = table; fill(table); })
      .catch(function () {});
  });
  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-filled")) {
      event.target.removeAttribute("data-filled");
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusableScrollRegions(document);
    window.addEventListener("resize", function () { focusableScrollRegions(document); });
    forgetHtmxPath();
    if (document.body.hasAttribute("data-signed-out")) {
      forgetAllButDrafts();
      return;
    }
    settleSentDraft();
    fillSubmissionTokens(document);
    setUpMemberRows(document);
    setUpDrafts(document);
    listDrafts();
    setUpClosingItems(document);
    focusErrorSummary(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    focusableScrollRegions(event.target);
    fillSubmissionTokens(event.target);
    setUpDrafts(event.target);
  });
  document.addEventListener("htmx:pushedIntoHistory", forgetHtmxPath);
  document.addEventListener("htmx:replacedInHistory", forgetHtmxPath);
})();
