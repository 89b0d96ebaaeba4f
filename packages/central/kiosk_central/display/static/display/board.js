/* The display board: renders each state the server sends, announces each new call once (the
 * announcer queues them: never two over each other), and never shows stale numbers as live:
 * when the stream drops, the board dims and says "menghubungkan ulang" until it is back.
 * Without a working stream (a proxy that buffers it, too many pages open) it polls. */
(function () {
  "use strict";
  const script = document.getElementById("board-script");
  const query = script.dataset.query ? "?" + script.dataset.query : "";
  const segBase = script.dataset.segments.replace(/x$/, "");
  const banner = document.getElementById("reconnect");
  const board = document.body;
  const log = (window.boardLog = []); // what was queued to be said: the tests read it
  const said = new Set();
  const announcer = new window.Announcer({
    base: segBase,
    onEvent: function (e) { if (e.type !== "segment-start" && e.type !== "segment-end") log.push(e); },
  });

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(state) {
    const latest = state.calls[0];
    document.getElementById("now-number").textContent = latest ? latest.number : "—";
    document.getElementById("now-loket").textContent = latest ? latest.loket : "—";
    const serving = document.getElementById("serving");
    serving.replaceChildren.apply(serving, state.serving.map(function (s) {
      const li = el("li");
      li.append(el("span", "num", s.number), el("span", "lk", "Loket " + s.loket));
      return li;
    }));
    const recent = document.getElementById("recent");
    recent.replaceChildren.apply(recent, state.calls.slice(1, 7).map(function (c) {
      const li = el("li");
      li.append(el("span", "num", c.number), document.createTextNode(" → " + c.loket));
      return li;
    }));
    document.getElementById("waiting").textContent = state.waiting;
    // oldest first, so the room hears them in the order they were called
    state.calls.slice().reverse().forEach(function (c) {
      if (said.has(c.id)) return;
      said.add(c.id);
      const flash = document.getElementById("now-number");
      flash.classList.remove("flash"); void flash.offsetWidth; flash.classList.add("flash");
      announcer.announce(c.segments, { id: "call-" + c.id });
    });
  }

  function live(ok) {
    banner.hidden = ok;
    board.classList.toggle("stale", !ok);
  }

  const initial = JSON.parse(document.getElementById("initial-state").textContent);
  initial.calls.forEach(function (c) { said.add(c.id); }); // already on the board: not said again
  render(initial);

  let lastMessage = Date.now();
  let poll = null;
  async function pollOnce() {
    try {
      const r = await fetch("/display/state" + query, { cache: "no-store" });
      if (!r.ok) throw new Error(r.status);
      render(await r.json());
      lastMessage = Date.now();
      live(true);
    } catch (err) { live(false); }
  }
  function startPolling() { if (!poll) poll = setInterval(pollOnce, 2000); }

  let source = null;
  function connect() {
    if (!window.EventSource) { startPolling(); return; }
    if (source) source.close();
    source = new EventSource("/display/live" + query);
    source.addEventListener("state", function (m) {
      lastMessage = Date.now();
      if (poll) { clearInterval(poll); poll = null; }
      live(true);
      render(JSON.parse(m.data));
    });
    source.addEventListener("ping", function () { lastMessage = Date.now(); live(true); });
    source.onerror = function () {
      live(false);
      startPolling(); // until the stream is back; EventSource retries by itself
    };
  }
  connect();

  setInterval(function () {
    // a stream that went silent (a half-open connection after a blip) is not live
    if (Date.now() - lastMessage > 35000) { live(false); lastMessage = Date.now(); connect(); }
  }, 5000);

  // the office's time, whatever zone the TV's browser was set up in
  let clock;
  try {
    clock = new Intl.DateTimeFormat("id-ID", {
      hour: "2-digit", minute: "2-digit", hour12: false, timeZone: script.dataset.tz,
    });
  } catch (err) {
    clock = new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit", hour12: false });
  }
  function tick() {
    // id-ID writes 11.49, as PUEBI does and the kiosk and tickets do.
    document.getElementById("clock").textContent = clock.format(new Date());
  }
  tick();
  setInterval(tick, 1000);
})();
