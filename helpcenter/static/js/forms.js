// Case forms: the subtopic list follows the chosen topic, the error summary takes focus,
// and the Send button cannot be pressed twice. Without JavaScript the server checks the
// subtopic and the idempotency key stops a second case.
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
document.getElementById("error-summary")?.focus();
for (const form of document.querySelectorAll("form.case-form")) {
  form.addEventListener("submit", () => {
    for (const button of form.querySelectorAll("button[data-once]")) {
      setTimeout(() => { button.disabled = true; }, 0);
    }
  });
}
