// Course pages: wishlist and "helpful" without a reload. Both work without this script.
(function () {
  "use strict";

  // Sends the form as fetch, asking for JSON; on any failure the ordinary POST runs instead, so the
  // visitor still gets the page that says what happened.
  function enhance(selector, onAnswer) {
    document.querySelectorAll(selector).forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var token = form.querySelector("input[name=csrfmiddlewaretoken]");
        fetch(form.action, {
          method: "POST",
          headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
          credentials: "same-origin",
        })
          .then(function (response) {
            if (response.status === 401) {
              return response.json().then(function (data) { window.location.href = data.login_url; });
            }
            if (!response.ok) { throw new Error(response.statusText); }
            return response.json().then(function (data) { onAnswer(form, data); });
          })
          .catch(function () { form.submit(); });
      });
    });
  }

  enhance("form[data-wishlist]", function (form, data) {
    var button = form.querySelector("button");
    form.action = data.wishlisted ? form.dataset.removeUrl : form.dataset.addUrl;
    button.setAttribute("aria-pressed", String(data.wishlisted));
    button.textContent = data.wishlisted ? "♥ On your wishlist" : "♡ Add to wishlist";
  });

  enhance("form[data-helpful]", function (form, data) {
    form.querySelector("button").setAttribute("aria-pressed", String(data.marked));
    form.querySelector("[data-helpful-count]").textContent = data.count ? " · " + data.count : "";
  });
})();
