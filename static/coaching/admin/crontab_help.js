// The periodic-task form of the Django admin (templates/admin/djcelery/change_periodictask_form.html):
// under the crontab field, the chosen schedule in words, from django-celery-beat's readable_crontabs.
(() => {
  const label = document.currentScript.dataset.label;
  const data = document.getElementById("readable-crontabs");
  const select = document.getElementById("id_crontab");
  const help = document.querySelector(".field-crontab .help");
  if (!data || !select || !help) {
    return;
  }
  const readable = JSON.parse(data.textContent);
  const words = document.createElement("div");
  help.append(words);
  const show = () => {
    words.textContent = readable[select.value] ? `${label}: ${readable[select.value]}` : "";
  };
  document.querySelectorAll(".field-crontab_translation").forEach((row) => {
    row.style.display = "none";
  });
  select.addEventListener("change", show);
  show();
})();
