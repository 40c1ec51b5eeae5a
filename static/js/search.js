// The header search box as an accessible combobox (ARIA 1.2 pattern): suggestions from
// /search/suggest/ as you type. Without JavaScript it stays a plain search form.
(function () {
    "use strict";
    const input = document.getElementById("site-search-q");
    if (!input || !window.fetch) return;
    const form = input.form;
    const list = document.createElement("ul");
    list.id = "site-search-suggestions";
    list.className = "site-search__suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    form.classList.add("site-search--combobox");
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    let active = -1;
    let timer = null;
    let latest = 0;

    function options() { return Array.from(list.querySelectorAll("[role=option]")); }

    function close() {
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
        active = -1;
    }

    function highlight(index) {
        const items = options();
        items.forEach(function (item, position) { item.setAttribute("aria-selected", String(position === index)); });
        active = index;
        if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
        else input.removeAttribute("aria-activedescendant");
    }

    function show(suggestions) {
        list.replaceChildren();
        suggestions.forEach(function (suggestion, index) {
            const item = document.createElement("li");
            item.id = "site-search-suggestion-" + index;
            item.setAttribute("role", "option");
            item.setAttribute("aria-selected", "false");
            const title = document.createElement("span");
            title.textContent = suggestion.title;
            const type = document.createElement("span");
            type.className = "site-search__type";
            type.textContent = suggestion.type;
            item.append(title, type);
            item.addEventListener("mousedown", function (event) { event.preventDefault(); });
            item.addEventListener("click", function () { choose(suggestion.title); });
            list.appendChild(item);
        });
        list.hidden = suggestions.length === 0;
        input.setAttribute("aria-expanded", String(suggestions.length > 0));
        active = -1;
    }

    // Choosing a suggestion searches for it: the results page shows it with its type.
    function choose(title) {
        input.value = title;
        close();
        form.requestSubmit ? form.requestSubmit() : form.submit();
    }

    function fetchSuggestions() {
        const query = input.value.trim();
        if (query.length < 2) { close(); return; }
        const request = ++latest;
        fetch("/search/suggest/?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : []; })
            .then(function (suggestions) { if (request === latest) show(suggestions); })
            .catch(close);
    }

    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
        const items = options();
        if (event.key === "ArrowDown" && items.length) {
            event.preventDefault();
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            highlight((active + 1) % items.length);
        } else if (event.key === "ArrowUp" && items.length) {
            event.preventDefault();
            highlight(active <= 0 ? items.length - 1 : active - 1);
        } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
            event.preventDefault();
            choose(items[active].querySelector("span").textContent);
        } else if (event.key === "Escape") {
            close();
        }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
})();
