// Behaviour shared by every page's forms, in one static file so that the Content-Security-Policy
// needs no inline script or handler attribute:
//   <select data-autosubmit>      sends its form as soon as another option is chosen (list filters);
//   <form data-confirm="Sure?">   asks before sending (closing a goal cannot be undone).

// One save per click: a second click (or Enter) while the page is still loading would post the
// same form again and record the same one-on-one, observation or goal twice. Forms driven by
// htmx and forms that only read (GET) are left alone.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented) {
    return;
  }
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (form.method.toLowerCase() !== "post" || form.matches("[hx-post], [hx-get]")) {
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

document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});
