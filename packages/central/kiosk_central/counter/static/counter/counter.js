/* The counter terminal: every button acts without leaving the page, keyboard shortcuts, the
 * "served for" clock, and the panel kept live (an event stream says something changed; the
 * panel is fetched again). Without JavaScript every button is a plain form and still works.
 *
 * A press is its form, sent with fetch, and answered with the message and the new panel. Each
 * form carries a key made by the server for that one press, so a press sent again (its answer
 * lost when the connection dropped) is answered, never done twice. While the server does not
 * answer, the page says so and sends the same press again for RETRY_FOR_MS; after that the
 * clerk is told to press again once connected (the same key still guards it). */
(function () {
  "use strict";
  const RETRY_EVERY_MS = 1500;
  const RETRY_FOR_MS = 30000; // a central restarting comes back within this
  const panel = document.getElementById("panel");
  const status = document.getElementById("live-status");
  const flash = document.getElementById("flash");
  const words = panel.dataset;
  const notConnected = status.textContent;
  let busy = false;
  let leaving = false; // one way off the page: a second navigation would cancel the first

  function leave(url) {
    if (leaving) return;
    leaving = true;
    location.assign(url);
  }

  function say(level, text) {
    const old = document.getElementById("messages"); // the last page load's messages
    if (old) old.remove();
    const p = document.createElement("p");
    p.className = level;
    p.textContent = text;
    flash.replaceChildren(p);
  }

  function offline(text) {
    status.textContent = text;
    status.hidden = false;
  }

  function online() {
    status.hidden = true;
  }

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  async function send(form) {
    const body = new FormData(form);
    const started = Date.now();
    for (;;) {
      let reply;
      try {
        reply = await fetch(form.action, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
      } catch (err) { // no answer at all: the server or the network is down
        if (Date.now() - started > RETRY_FOR_MS) {
          say("error", words.notSent);
          return;
        }
        offline(words.retrying);
        await sleep(RETRY_EVERY_MS);
        continue;
      }
      online();
      let answer = null;
      try { answer = await reply.json(); } catch (err) { answer = null; }
      if (answer && answer.signin) { // the session ended (or every cookie went)
        say("info", words.sessionEnded);
        leave(answer.signin);
        return;
      }
      if (answer && answer.reload) { leave(location.href); return; } // afresh: the loket, the token
      if (!answer || !answer.message) { // a proxy's error page, a 502: say it, keep the key
        if (Date.now() - started > RETRY_FOR_MS) { say("error", words.notSent); return; }
        offline(words.retrying);
        await sleep(RETRY_EVERY_MS);
        continue;
      }
      say(answer.level, answer.message);
      window.counterLog.push({ type: "answered", level: answer.level, t: Date.now() });
      await refresh(true); // the panel as it is now, fetched after the answer
      return;
    }
  }

  window.counterLog = []; // what the page did: the tests read it

  async function submit(form, button) {
    if (busy) return; // one press at a time: a held-down key or a double click acts once
    busy = true;
    panel.setAttribute("aria-busy", "true"); // until the panel after this press is shown
    window.counterLog.push({ type: "pressed", t: Date.now(), button: button && button.id });
    try {
      await send(form);
    } finally {
      busy = false;
      panel.removeAttribute("aria-busy");
    }
  }

  panel.addEventListener("submit", function (e) {
    const form = e.target;
    if (!form.hasAttribute("data-act")) return; // "Change loket" leaves the page: a plain post
    e.preventDefault();
    submit(form, e.submitter || form.querySelector("button"));
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
    const tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    const button = panel.querySelector('button[data-key="' + e.key.toLowerCase() + '"]');
    if (button && !button.disabled) {
      e.preventDefault();
      submit(button.form, button);
    }
  });

  setInterval(function () {
    panel.querySelectorAll(".served").forEach(function (el) {
      const s = (parseInt(el.dataset.since, 10) || 0) + 1;
      el.dataset.since = s;
      el.textContent = Math.floor(s / 60) + " " + el.dataset.min + " " + (s % 60) + " " + el.dataset.s;
    });
  }, 1000);

  async function refresh(afterPress) {
    if (leaving || (busy && !afterPress)) return; // a press fetches its panel once answered
    try {
      const reply = await fetch(panel.dataset.panelUrl, {
        credentials: "same-origin", headers: { Accept: "application/json" },
      });
      if (reply.status === 401 || reply.status === 409) { // signed out, or no loket chosen
        const answer = await reply.json().catch(function () { return {}; });
        leave(answer.signin || location.href);
        return;
      }
      if (!reply.ok) throw new Error("HTTP " + reply.status);
      const html = await reply.text();
      online();
      if (!afterPress && document.activeElement && panel.contains(document.activeElement) &&
          document.activeElement.tagName === "INPUT") return; // someone is typing a number
      panel.innerHTML = html;
      if (afterPress) window.counterLog.push({ type: "panel", t: Date.now() });
    } catch (err) { offline(notConnected); /* the next event or poll tries again */ }
  }

  let poll = null;
  function connect() {
    if (!window.EventSource) { poll = setInterval(refresh, 5000); return; }
    const source = new EventSource(panel.dataset.liveUrl);
    let first = true;
    source.addEventListener("state", function () {
      online();
      if (poll) { clearInterval(poll); poll = null; }
      if (!first) refresh();
      first = false;
    });
    source.onerror = function () {
      if (leaving) return;
      offline(notConnected);
      if (!poll) poll = setInterval(refresh, 5000);
    };
  }
  connect();
})();
