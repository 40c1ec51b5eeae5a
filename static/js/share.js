// The share panel's "Copy link" button (components/share.html); without this script the link is there to select.
(function () {
  "use strict";

  document.querySelectorAll("[data-share]").forEach(function (share) {
    var input = share.querySelector("[data-share-url]");
    var button = share.querySelector("[data-copy]");
    var status = share.querySelector("[data-copy-status]");
    button.hidden = false;
    function selectText() {
      input.focus();
      input.select();
      status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
    }
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () {
          status.textContent = "Link copied.";
        }, selectText);
      } else {
        selectText();
      }
    });
  });
})();
