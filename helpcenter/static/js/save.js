// Save / Remove an article without leaving the page. Without JavaScript the form posts
// and the server redirects back, so this only makes it quicker.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-save-form]");
  if (!form) return;
  event.preventDefault();
  const data = new FormData(form);
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": data.get("csrf_token") },
    });
    if (!response.ok) throw new Error(String(response.status));
    const result = await response.json();
    form.querySelector("input[name=action]").value = result.saved ? "remove" : "save";
    form.querySelector("button").textContent = result.label;
    form.querySelector("[role=status]").textContent = result.status;
  } catch (error) {
    form.submit(); // fall back to the plain form post
  }
});
