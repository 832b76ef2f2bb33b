// Article page forms without a page reload: Save / Remove, and "Was this article helpful?".
// Without JavaScript the same forms post and the server redirects back to the article, so
// this only makes them quicker. On any failure the form is posted the plain way.

// One random key per page view, sent with every vote: a visitor voting for the first time has
// no session yet, so if the answer to their vote is lost and the vote is sent again, the server
// recognises the same visitor by this key and does not count a second vote.
// (getRandomValues, unlike randomUUID, also works on a page not served over HTTPS.)
const visitorKey = Array.from(crypto.getRandomValues(new Uint8Array(16)),
  (byte) => byte.toString(16).padStart(2, "0")).join("");

function addVisitorKey(form) {
  if (form.querySelector("input[name=visitor_key]")) return;
  const input = document.createElement("input");
  input.type = "hidden";
  input.name = "visitor_key";
  input.value = visitorKey;
  form.append(input);
}

async function postForJson(form, submitter) {
  const data = new FormData(form, submitter);
  const response = await fetch(form.action, {
    method: "POST",
    body: data,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  return { response, result: await response.json() };
}

function postPlainly(form, submitter) {
  form.dataset.plainSubmit = "1";
  form.requestSubmit(submitter);
}

async function saveArticle(form, submitter) {
  const { response, result } = await postForJson(form, submitter);
  if (!response.ok) throw new Error(String(response.status));
  form.querySelector("input[name=action]").value = result.saved ? "remove" : "save";
  form.classList.toggle("is-saved", result.saved);
  form.querySelector("button").textContent = result.label;
  form.querySelector("[role=status]").textContent = result.status;
}

async function sendFeedback(form, submitter, panel) {
  const { response, result } = await postForJson(form, submitter);
  if (!result.html) throw new Error(String(response.status));
  panel.outerHTML = result.html; // the new panel: thanks, the reason form, or errors
  const replaced = document.getElementById("feedback");
  const focus = replaced.querySelector("[aria-invalid=true]") || replaced.querySelector("#feedback-title");
  if (focus) focus.focus();
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  const panel = form.closest("[data-feedback]");
  const isSave = form.matches("[data-save-form]");
  if ((!panel && !isSave) || form.dataset.plainSubmit) return;
  if (panel) addVisitorKey(form);
  event.preventDefault();
  try {
    if (isSave) await saveArticle(form, event.submitter);
    else await sendFeedback(form, event.submitter, panel);
  } catch (error) {
    postPlainly(form, event.submitter);
  }
});
