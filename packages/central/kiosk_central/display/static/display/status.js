/* The status page kept live: the stream (or a poll every 5 s without it) sends this ticket's
 * state; a change of state reloads the page (the server draws each state), a change of the
 * numbers only updates them. Without JavaScript the page refreshes itself every 20 s. */
(function () {
  "use strict";
  const ticket = document.getElementById("ticket");
  const banner = document.getElementById("reconnect");
  const uid = ticket.dataset.uid;
  const shown = ticket.className.match(/state-(\w+)/)[1];

  function apply(s) {
    if (s.state !== shown) { location.reload(); return; }
    const ahead = document.getElementById("ahead");
    const wait = document.getElementById("wait");
    if (ahead) ahead.textContent = s.ahead === null ? "0" : s.ahead;
    if (wait) wait.textContent = s.wait === null ? "–" : "± " + s.wait;
  }
  function live(ok) { banner.hidden = ok; ticket.classList.toggle("stale", !ok); }

  let poll = null;
  async function pollOnce() {
    try {
      const r = await fetch("/s/" + uid + "/state", { cache: "no-store" });
      if (!r.ok) throw new Error(r.status);
      apply(await r.json());
      live(true);
    } catch (err) { live(false); }
  }
  if (!window.EventSource) { poll = setInterval(pollOnce, 5000); return; }
  const source = new EventSource("/s/" + uid + "/live");
  source.addEventListener("state", function (m) {
    if (poll) { clearInterval(poll); poll = null; }
    live(true);
    apply(JSON.parse(m.data));
  });
  source.addEventListener("ping", function () { live(true); });
  source.onerror = function () { live(false); if (!poll) poll = setInterval(pollOnce, 5000); };
})();
