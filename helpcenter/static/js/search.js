// Suggestions under a search box while typing. Without JavaScript the box is a plain search
// field in a GET form to the results page. With it, the field becomes an ARIA 1.2 combobox
// (list autocomplete): the suggestions are a listbox of options, the arrow keys move the
// active option (aria-activedescendant, so focus stays in the field), Enter or a click opens
// it, Escape closes the list. Options hold text only: links inside them would be controls
// nested in a control, which screen readers cannot reach properly.
for (const form of document.querySelectorAll("form[data-suggest-url]")) {
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("[role=listbox]");
  let timer = null;
  let active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  const options = () => list.querySelectorAll("[role=option]");

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const show = (suggestions) => {
    list.replaceChildren(...suggestions.map((item, index) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = item.url;
      option.textContent = item.title;
      return option;
    }));
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", String(suggestions.length > 0));
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const fetchSuggestions = async () => {
    const query = input.value.trim();
    if (query.length < 2) return close();
    try {
      const url = `${form.dataset.suggestUrl}?q=${encodeURIComponent(query)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return close();
      const data = await response.json();
      if (input.value.trim() === query) show(data.suggestions);
    } catch (error) {
      close();
    }
  };

  const highlight = (index) => {
    const all = options();
    if (!all.length) return;
    active = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  };

  const open = (option) => { window.location.href = option.dataset.url; };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      open(options()[active]);
    }
  });
  // mousedown would move focus out of the field before the click; keep it in the combobox.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) open(option);
  });
  document.addEventListener("click", (event) => { if (!form.contains(event.target)) close(); });
}
