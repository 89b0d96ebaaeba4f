/* The counter terminal: keyboard shortcuts, the "served for" clock, and the panel kept live
 * (an event stream says something changed; the panel is fetched again). Without JavaScript
 * every button is a plain form and the page still works. */
(function () {
  "use strict";
  const panel = document.getElementById("panel");
  const status = document.getElementById("live-status");
  let busy = false;

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    const button = panel.querySelector('button[data-key="' + e.key.toLowerCase() + '"]');
    if (button && !button.disabled && !busy) {
      e.preventDefault();
      busy = true; // one key press, one post: a held-down key does not act twice
      button.form.requestSubmit ? button.form.requestSubmit(button) : button.form.submit();
    }
  });

  setInterval(function () {
    panel.querySelectorAll(".served").forEach(function (el) {
      const s = (parseInt(el.dataset.since, 10) || 0) + 1;
      el.dataset.since = s;
      el.textContent = Math.floor(s / 60) + " min " + (s % 60) + " s";
    });
  }, 1000);

  async function refresh() {
    try {
      const reply = await fetch(panel.dataset.panelUrl, { credentials: "same-origin" });
      if (reply.redirected || !reply.ok) { location.reload(); return; }
      const html = await reply.text();
      if (document.activeElement && panel.contains(document.activeElement) &&
          document.activeElement.tagName === "INPUT") return; // someone is typing a number
      panel.innerHTML = html;
    } catch (err) { /* the next event or poll tries again */ }
  }

  let poll = null;
  function connect() {
    if (!window.EventSource) { poll = setInterval(refresh, 5000); return; }
    const source = new EventSource(panel.dataset.liveUrl);
    let first = true;
    source.addEventListener("state", function () {
      status.hidden = true;
      if (poll) { clearInterval(poll); poll = null; }
      if (!first) refresh();
      first = false;
    });
    source.onerror = function () {
      status.hidden = false;
      if (!poll) poll = setInterval(refresh, 5000);
    };
  }
  connect();
})();
