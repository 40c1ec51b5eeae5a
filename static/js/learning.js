// Course pages: wishlist and "helpful" without a reload, and a copy-link button. All work without this script.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  document.querySelectorAll("form[data-wishlist]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (response.status === 401) {
            return response.json().then(function (data) { window.location.href = data.login_url; });
          }
          if (!response.ok) { throw new Error(response.statusText); }
          return response.json().then(function (data) {
            form.action = data.wishlisted ? form.dataset.removeUrl : form.dataset.addUrl;
            button.setAttribute("aria-pressed", String(data.wishlisted));
            button.textContent = data.wishlisted ? "♥ On your wishlist" : "♡ Add to wishlist";
          });
        })
        .catch(function () { form.submit(); });  // fall back to the ordinary POST
    });
  });

  document.querySelectorAll("form[data-helpful]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      var count = form.querySelector("[data-helpful-count]");
      fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.statusText); }
          return response.json().then(function (data) {
            button.setAttribute("aria-pressed", String(data.marked));
            count.textContent = data.count ? " · " + data.count : "";
          });
        })
        .catch(function () { form.submit(); });  // the ordinary POST shows what went wrong
    });
  });

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
