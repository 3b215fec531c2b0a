// Django admin: the filter boxes of a many-to-many field (SelectFilter2.js, built on the
// window's load event) put an aria-label on a bare <span>, which assistive technology may
// ignore (ARIA: the name is prohibited without a role). Give the icon the role img.
(function () {
  "use strict";
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
        icon.setAttribute("role", "img");
      });
    }, 0);
  });
})();
