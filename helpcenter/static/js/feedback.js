// "Was this article helpful?" without a page reload. Without JavaScript the same forms post
// and the server redirects back to the article; this only swaps the panel in place.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  const panel = form.closest("[data-feedback]");
  if (!panel || form.dataset.plainSubmit) return;
  event.preventDefault();
  const data = new FormData(form, event.submitter);
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": data.get("csrf_token") },
    });
    const result = await response.json();
    if (!result.html) throw new Error(String(response.status));
    panel.outerHTML = result.html;
    const replaced = document.getElementById("feedback");
    const focus = replaced.querySelector("[aria-invalid=true]") || replaced.querySelector("#feedback-title");
    if (focus) focus.focus();
  } catch (error) {
    form.dataset.plainSubmit = "1"; // let the browser post it the old way
    form.requestSubmit(event.submitter);
  }
});
