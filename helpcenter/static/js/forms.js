// Forms (templates/_forms.html): everything here improves a form that already works without
// JavaScript. The subtopic list follows the topic; the error summary takes focus and its links
// focus their field; conditional questions show beneath the chosen radio; text areas count
// characters; the file control lists the chosen files with their sizes and removes one; the
// Send button cannot be pressed twice (the server's idempotency key stops a second case anyway).
"use strict";

/** "{count}" in a template from a data- attribute, with the number in the page's format. */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
}

/** 4970 → "4,970" (en) or "4.970" (nl): the group symbol comes from Babel via data-group. */
function groupDigits(number, group) {
  return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

// The subtopic list shows only the chosen topic's subtopics.
const topic = document.querySelector("select[data-topic]");
const subtopic = document.querySelector("select[data-subtopic]");
if (topic && subtopic) {
  const follow = () => {
    const prefix = `${topic.value}/`;
    for (const option of subtopic.querySelectorAll("option")) {
      const visible = !option.value || (topic.value && option.value.startsWith(prefix));
      option.hidden = !visible;
      option.disabled = !visible;
    }
    for (const group of subtopic.querySelectorAll("optgroup")) {
      group.hidden = ![...group.querySelectorAll("option")].some((option) => !option.hidden);
    }
    if (subtopic.selectedOptions[0] && subtopic.selectedOptions[0].hidden) subtopic.value = "";
  };
  topic.addEventListener("change", follow);
  follow();
}

// The error summary takes focus; a link in it focuses its field and shows the field's label
// or legend too (a plain jump would hide the label above the top of the screen).
const summary = document.getElementById("error-summary");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const input = link && document.getElementById(link.hash.slice(1));
    if (!input) return;
    event.preventDefault();
    const legend = input.closest("fieldset")?.querySelector("legend");
    const label = legend || document.querySelector(`label[for="${input.id}"]`) || input;
    label.scrollIntoView();
    input.focus({ preventScroll: true });
  });
}

// Conditional questions: shown beneath their radio while it is chosen.
for (const radio of document.querySelectorAll("input[type=radio][data-aria-controls]")) {
  const target = document.getElementById(radio.dataset.ariaControls);
  if (!target) continue;
  radio.setAttribute("aria-controls", target.id);
  radio.removeAttribute("data-aria-controls");
  const group = document.querySelectorAll(`input[type=radio][name="${radio.name}"]`);
  const sync = () => target.classList.toggle("conditional-hidden", !radio.checked);
  for (const other of group) other.addEventListener("change", sync);
  sync();
}

// Character count: the visible count follows every key; screen readers hear it once the
// typing pauses (a polite live region, updated after a second).
for (const field of document.querySelectorAll("[data-character-count]")) {
  const textarea = field.querySelector("textarea");
  const info = field.querySelector(".count-info");
  if (!textarea || !info) continue;
  const max = Number(field.dataset.max);
  const visible = document.createElement("p");
  visible.className = "count-message";
  visible.setAttribute("aria-hidden", "true");
  const spoken = document.createElement("p");
  spoken.className = "visually-hidden";
  spoken.setAttribute("aria-live", "polite");
  info.classList.add("visually-hidden"); // still the textarea's description
  info.after(visible, spoken);
  const message = () => {
    const left = max - [...textarea.value].length; // characters, as the server counts them
    const count = groupDigits(Math.abs(left), field.dataset.group);
    const key = left < 0 ? "over" : "remaining";
    const form = Math.abs(left) === 1 ? "One" : "Other";
    return { text: fill(field.dataset[key + form], { count }), over: left < 0 };
  };
  let timer;
  const update = (announce) => {
    const { text, over } = message();
    visible.textContent = text;
    visible.classList.toggle("is-over", over);
    textarea.classList.toggle("is-over", over);
    clearTimeout(timer);
    if (announce) timer = setTimeout(() => { spoken.textContent = text; }, 1000);
  };
  textarea.addEventListener("input", () => update(true));
  update(false);
}

// The file control: our button text in the page's language, the chosen files listed with
// their sizes and a Remove button each; choosing again adds to the list (up to the maximum,
// counting the files already attached from the last try).
for (const field of document.querySelectorAll("[data-file-upload]")) {
  const input = field.querySelector("input[type=file]");
  const zone = field.querySelector(".file-drop");
  if (!input || !zone || typeof DataTransfer === "undefined") continue;
  const texts = field.dataset;
  const maxFiles = Number(texts.maxFiles);
  let chosen = [];

  zone.classList.add("is-enhanced");
  const face = document.createElement("span");
  face.className = "file-drop-text";
  face.setAttribute("aria-hidden", "true");
  const choose = document.createElement("span");
  choose.className = "file-choose";
  choose.textContent = texts.choose;
  const hint = document.createElement("span");
  hint.className = "file-drop-hint";
  hint.textContent = texts.drop;
  face.append(choose, hint);
  zone.append(face);
  const status = document.createElement("p");
  status.className = "file-status";
  status.setAttribute("aria-live", "polite");
  const list = document.createElement("ul");
  list.className = "file-list";
  list.hidden = true;
  zone.after(status, list);

  const size = (bytes) => {
    if (bytes < 1024 * 1024) {
      return fill(texts.kb, { size: groupDigits(Math.max(1, Math.ceil(bytes / 1024)), texts.group) });
    }
    const mb = (Math.round((bytes / (1024 * 1024)) * 10) / 10).toString().replace(".", texts.decimal);
    return fill(texts.mb, { size: mb });
  };
  const room = () => {
    const attached = field.querySelectorAll("input[name$='-remove']:not(:checked)").length;
    return Math.max(maxFiles - attached, 0);
  };
  const same = (a, b) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

  const render = (note) => {
    const transfer = new DataTransfer();
    for (const file of chosen) transfer.items.add(file);
    input.files = transfer.files;
    list.replaceChildren(...chosen.map((file, index) => {
      const item = document.createElement("li");
      item.className = "file-item";
      const name = document.createElement("span");
      name.className = "file-name";
      name.textContent = file.name;
      const bytes = document.createElement("span");
      bytes.className = "file-size";
      bytes.textContent = size(file.size);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "file-remove";
      remove.textContent = texts.remove;
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = ` ${file.name}`;
      remove.append(hidden);
      remove.addEventListener("click", () => {
        chosen.splice(index, 1);
        render();
        input.focus();
      });
      item.append(name, bytes, remove);
      return item;
    }));
    list.hidden = chosen.length === 0;
    const count = chosen.length;
    const attached = field.querySelector("input[name$='-remove']") !== null;
    let state = fill(count === 1 ? texts.chosenOne : texts.chosenOther, { count: String(count) });
    if (count === 0) state = attached ? "" : texts.none; // the attached list says enough
    status.textContent = [state, note].filter(Boolean).join(". ");
    status.classList.toggle("has-files", count > 0);
  };

  input.addEventListener("change", () => {
    const picked = [...input.files].filter((file) => !chosen.some((old) => same(old, file)));
    const all = chosen.concat(picked);
    chosen = all.slice(0, room());
    render(all.length > chosen.length ? texts.tooMany : "");
  });
  zone.addEventListener("dragenter", () => zone.classList.add("is-dragging"));
  zone.addEventListener("dragleave", (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove("is-dragging");
  });
  zone.addEventListener("drop", () => zone.classList.remove("is-dragging"));
  for (const box of field.querySelectorAll("input[name$='-remove']")) {
    box.addEventListener("change", () => { chosen = chosen.slice(0, room()); render(); });
  }
  render();
}

// Send once: the button is disabled after the form has started to go.
for (const form of document.querySelectorAll("form.case-form")) {
  form.addEventListener("submit", () => {
    for (const button of form.querySelectorAll("button[data-once]")) {
      setTimeout(() => { button.disabled = true; }, 0);
    }
  });
}
