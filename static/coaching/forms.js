// One save per click: a second click (or Enter) while the page is still loading would post the
// same form again and record the same one-on-one, observation or goal twice. Forms driven by
// htmx and forms that only read (GET) are left alone.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.method.toLowerCase() !== "post" || form.matches("[hx-post], [hx-get]")) {
    return;
  }
  if (form.dataset.submitted) {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
});

// Coming back with the browser's Back button shows the page as it was left: let it be sent again.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-submitted]").forEach((form) => delete form.dataset.submitted);
});
