// Suggestions under a search box while typing. Without JavaScript the box is a plain search
// field in a GET form to the results page. With it, the field becomes an ARIA 1.2 combobox
// (list autocomplete): the suggestions are a listbox of options, the arrow keys move the
// active option (aria-activedescendant, so focus stays in the field), Enter or a click opens
// it, Escape closes the list. Options hold text only: links inside them would be controls
// nested in a control, which screen readers cannot reach properly.
// Each option shows the title with the typed part in <mark> and the article's section; the
// last option, "Search for '…'", submits the search. Everything from the server is put in
// the page with textContent, never as HTML.
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

  // Lowercase without accents, one entry per character of the folded text with the index of
  // the character it came from, so a match in the folded text maps back to the original.
  const fold = (text) => {
    let folded = "";
    const from = [];
    Array.from(text).forEach((char, index) => {
      const plain = char.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
      folded += plain;
      for (let i = 0; i < plain.length; i += 1) from.push(index);
    });
    return { folded, from, chars: Array.from(text) };
  };

  // The title as text nodes, with every start of a word that a typed word begins marked.
  const highlighted = (title, query) => {
    const { folded, from, chars } = fold(title);
    const marked = new Array(chars.length).fill(false);
    for (const word of fold(query).folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
      let at = folded.indexOf(word);
      while (at !== -1) {
        if (at === 0 || /[^\p{L}\p{N}]/u.test(folded[at - 1])) {
          for (let i = at; i < at + word.length; i += 1) marked[from[i]] = true;
        }
        at = folded.indexOf(word, at + 1);
      }
    }
    const parts = [];
    chars.forEach((char, index) => {
      const last = parts[parts.length - 1];
      if (last && last.marked === marked[index]) last.text += char;
      else parts.push({ text: char, marked: marked[index] });
    });
    return parts.map((part) => {
      if (!part.marked) return document.createTextNode(part.text);
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      return mark;
    });
  };

  const span = (className, text) => {
    const element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  };

  const option = (id, ...children) => {
    const element = document.createElement("li");
    element.id = id;
    element.setAttribute("role", "option");
    element.setAttribute("aria-selected", "false");
    element.append(...children);
    return element;
  };

  // "Search for '…'" from the page's language: the label has {query} where the words go.
  const searchRow = (query) => {
    const [before, after = ""] = (form.dataset.searchLabel || "{query}").split("{query}");
    const row = option(`${list.id}-search`, before, span("suggestion-query", query), after);
    row.classList.add("suggestion-search");
    row.dataset.search = "true";
    return row;
  };

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const show = (suggestions, query) => {
    list.replaceChildren(...suggestions.map((item, index) => {
      const title = span("suggestion-title", "");
      title.append(...highlighted(String(item.title), query));
      // the comma only for screen readers: the name reads "title, section"
      const row = option(`${list.id}-${index}`, title, span("visually-hidden", ", "),
                         span("suggestion-section", String(item.section || "")));
      row.dataset.url = item.url;
      return row;
    }), searchRow(query));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
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
      if (input.value.trim() === query) show(data.suggestions, query);
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

  const open = (chosen) => {
    if (chosen.dataset.search) {
      close();
      form.requestSubmit();
    } else {
      window.location.href = chosen.dataset.url;
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") {  // from the field itself: the last option
      event.preventDefault();
      highlight(active < 0 ? -1 : active - 1);
    }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      open(options()[active]);
    }
  });
  // mousedown would move focus out of the field before the click; keep it in the combobox.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const chosen = event.target.closest("[role=option]");
    if (chosen) open(chosen);
  });
  document.addEventListener("click", (event) => { if (!form.contains(event.target)) close(); });
}
