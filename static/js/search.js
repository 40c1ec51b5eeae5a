// Search boxes with suggestions as you type (the ARIA 1.2 combobox pattern): every input with a
// data-suggest URL, such as the header's site search and the catalogue's course search
// (data-suggest-type="course"). Choosing a suggestion opens the page it names; Enter without
// one searches as before. Without JavaScript each stays a plain search form.
(function () {
    "use strict";
    if (!window.fetch) return;

    function combobox(input) {
        const form = input.form;
        // The list is placed under the input's wrapper (class "combobox"), or its form.
        const list = document.createElement("ul");
        list.id = input.id + "-suggestions";
        list.className = "site-search__suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "Suggestions");
        list.hidden = true;
        (input.closest(".combobox") || form).classList.add("site-search--combobox");
        input.insertAdjacentElement("afterend", list);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("autocomplete", "off");

        let active = -1;
        let timer = null;
        let latest = 0;
        let suggestions = [];

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

        // A suggestion names a page: choosing it goes there.
        function choose(suggestion) {
            input.value = suggestion.title;
            close();
            window.location.assign(suggestion.url);
        }

        function show(found) {
            suggestions = found;
            list.replaceChildren();
            found.forEach(function (suggestion, index) {
                const item = document.createElement("li");
                item.id = list.id + "-" + index;
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                const title = document.createElement("span");
                title.textContent = suggestion.title;
                const type = document.createElement("span");
                type.className = "site-search__type";
                type.textContent = suggestion.type;
                item.append(title, type);
                item.addEventListener("mousedown", function (event) { event.preventDefault(); });
                item.addEventListener("click", function () { choose(suggestion); });
                list.appendChild(item);
            });
            list.hidden = found.length === 0;
            input.setAttribute("aria-expanded", String(found.length > 0));
            active = -1;
        }

        function fetchSuggestions() {
            const query = input.value.trim();
            if (query.length < 2) { close(); return; }
            const request = ++latest;
            const params = new URLSearchParams({ q: query });
            if (input.dataset.suggestType) params.set("type", input.dataset.suggestType);
            fetch(input.dataset.suggest + "?" + params.toString(), { headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : []; })
                .then(function (found) { if (request === latest) show(found); })
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
                choose(suggestions[active]);
            } else if (event.key === "Escape") {
                close();
            }
        });
        input.addEventListener("blur", function () { window.setTimeout(close, 100); });
    }

    document.querySelectorAll("input[data-suggest]").forEach(combobox);
})();
