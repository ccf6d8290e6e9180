// Behaviour every page shares, in a static file so that the Content-Security-Policy needs no
// inline script or style attribute. Runs at the end of the page and again on what htmx swaps in.
(() => {
  // <div class="progress-bar" data-progress="40">: drawn 40 % wide. A width set through the CSS
  // object model is allowed by the policy; a style="width: 40%" attribute is not.
  const drawProgress = (root) => {
    const bars = [...root.querySelectorAll("[data-progress]")];
    if (root.matches && root.matches("[data-progress]")) {
      bars.push(root);
    }
    bars.forEach((bar) => {
      bar.style.width = `${Math.max(0, Math.min(100, Number(bar.dataset.progress) || 0))}%`;
    });
  };

  // A table wider than its card scrolls sideways inside it (.table-responsive). Someone on a
  // keyboard can scroll it only if the scrolling box takes the focus: while it overflows, it does,
  // named after the table's caption or its card's heading.
  const nameOf = (box) => {
    const caption = box.querySelector("caption");
    const card = box.closest(".card, section");
    const heading = card && card.querySelector("h1, h2, h3, h4, h5, .card-header");
    return ((caption || heading || {}).textContent || "").trim().replace(/\s+/g, " ");
  };
  const reachScrollingTables = () => {
    document.querySelectorAll(".table-responsive").forEach((box) => {
      const overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        const name = nameOf(box);
        const named = Boolean(name) && !box.hasAttribute("aria-label");
        box.tabIndex = 0;
        box.dataset.scrollFocus = named ? "named" : "";
        if (named) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", name);
        }
      } else if (!overflows && "scrollFocus" in box.dataset) {
        if (box.dataset.scrollFocus === "named") {
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  };

  drawProgress(document);
  reachScrollingTables();
  document.addEventListener("htmx:load", (event) => {
    drawProgress(event.target);
    reachScrollingTables();
  });
  let pending = false;
  window.addEventListener("resize", () => {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(() => {
        pending = false;
        reachScrollingTables();
      });
    }
  });
})();
