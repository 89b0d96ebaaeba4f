/*
 * The display board's announcer: plays each call as its segments (chime, "nomor antrean",
 * the letter, each digit, "silakan ke loket", the counter), one announcement at a time, in the
 * order the calls came, never two over each other.
 *
 *   const announcer = new Announcer({ base: "/announce/segments/" });
 *   announcer.announce(["chime", "nomor_antrean", "huruf_a", ...], { id: "call-381" });
 *
 * The segment files come from DIR/segments.json (written by
 * `python -m kiosk_central.announce.generate DIR`), so an office's own recording is played
 * wherever the generator listed it. Web Audio plays them: each file is fetched and decoded
 * once and kept, and each segment starts when the one before it has ended.
 *
 * Autoplay: a browser that blocks sound until someone touches the page keeps the
 * AudioContext suspended; the announcer then shows one "tap to enable sound" button and plays
 * the waiting calls once it is tapped. Calls older than `maxAgeMs` by then are dropped (the
 * board shows them; saying them minutes late would send people to the wrong counter).
 *
 * `onEvent` sees every step ({type, id, name, t}) so a test, or the page's own status line,
 * can follow what was played: queued, start, segment-start, segment-end, segment-missing,
 * end, stale, duplicate, blocked, enabled.
 */
(function (global) {
  "use strict";

  const BUTTON_TEXT = "Ketuk untuk mengaktifkan suara · Tap to enable sound";

  class Announcer {
    constructor(options) {
      const opts = options || {};
      this.base = opts.base || "";
      this.manifest = opts.manifest || null; // segment name -> file, relative to base
      this.gapMs = opts.gapMs === undefined ? 700 : opts.gapMs; // pause between two calls
      this.maxAgeMs = opts.maxAgeMs === undefined ? 120000 : opts.maxAgeMs;
      this.blockedAfterMs = opts.blockedAfterMs === undefined ? 400 : opts.blockedAfterMs;
      this.onEvent = opts.onEvent || function () {};
      this.queue = [];
      this.seen = new Set(); // ids already queued: a replayed event is not said twice
      this.buffers = new Map(); // segment name -> Promise<AudioBuffer | null>
      this.playing = false;
      this.button = null;
      const Ctx = global.AudioContext || global.webkitAudioContext;
      this.ctx = new Ctx();
      this.ctx.onstatechange = () => this._stateChanged();
      this._checkAutoplay();
    }

    _emit(type, fields) {
      const event = Object.assign({ type: type, t: global.performance.now() }, fields || {});
      try {
        this.onEvent(event);
      } catch (err) {
        global.console.error("announcer: onEvent failed", err);
      }
    }

    /* Queue one call. A call with an id already queued or said is ignored (an event stream
     * that reconnects replays its last events); a recall comes with a new id and is said
     * again. Returns a promise that settles when the call was said, dropped or skipped. */
    announce(segments, meta) {
      const id = (meta && meta.id) || "call-" + Math.random().toString(36).slice(2);
      if (this.seen.has(id)) {
        this._emit("duplicate", { id: id });
        return Promise.resolve(false);
      }
      this.seen.add(id);
      if (this.seen.size > 1000) this.seen.delete(this.seen.values().next().value); // oldest
      return new Promise((resolve) => {
        this.queue.push({ id: id, segments: segments.slice(), at: Date.now(), done: resolve });
        this._emit("queued", { id: id, segments: segments.slice() });
        segments.forEach((name) => this._buffer(name)); // fetch while earlier calls play
        this._pump();
      });
    }

    async _manifest() {
      if (!this.manifest) {
        try {
          const reply = await global.fetch(this.base + "segments.json", { cache: "no-cache" });
          this.manifest = reply.ok ? (await reply.json()).segments || {} : {};
        } catch (err) {
          this.manifest = {};
        }
      }
      return this.manifest;
    }

    _buffer(name) {
      if (!this.buffers.has(name)) {
        this.buffers.set(name, this._load(name));
      }
      return this.buffers.get(name);
    }

    async _load(name) {
      const manifest = await this._manifest();
      const file = manifest[name] || name + ".wav";
      try {
        const reply = await global.fetch(this.base + file);
        if (!reply.ok) throw new Error("HTTP " + reply.status);
        const bytes = await reply.arrayBuffer();
        return await this.ctx.decodeAudioData(bytes);
      } catch (err) {
        this.buffers.delete(name); // try again on the next call: the file may be fixed by then
        global.console.warn("announcer: segment " + name + " not playable: " + err.message);
        return null;
      }
    }

    _checkAutoplay() {
      this.ctx.resume().catch(() => {});
      global.setTimeout(() => {
        if (this.ctx.state !== "running") this._showButton();
      }, this.blockedAfterMs);
    }

    _showButton() {
      if (this.button || !global.document || !global.document.body) return;
      const button = global.document.createElement("button");
      button.type = "button";
      button.className = "announce-enable";
      button.textContent = BUTTON_TEXT;
      button.style.cssText =
        "position:fixed;left:50%;bottom:4vh;transform:translateX(-50%);z-index:1000;" +
        "font:600 clamp(18px,2.4vw,40px) system-ui,sans-serif;padding:.8em 1.4em;" +
        "border:0;border-radius:.5em;background:#ffd400;color:#111;cursor:pointer;" +
        "box-shadow:0 4px 24px rgba(0,0,0,.4)";
      button.addEventListener("click", () => this.enable());
      global.document.body.appendChild(button);
      this.button = button;
      this._emit("blocked");
    }

    /* Call from a user gesture (the button does). */
    enable() {
      return this.ctx.resume().then(() => this._stateChanged());
    }

    _stateChanged() {
      if (this.ctx.state === "running") {
        if (this.button) {
          this.button.remove();
          this.button = null;
          this._emit("enabled");
        }
        this._pump();
      } else if (this.queue.length) {
        this._showButton(); // suspended later (a tab in the background, a device change)
      }
    }

    async _pump() {
      if (this.playing) return;
      this.playing = true;
      try {
        while (this.queue.length && this.ctx.state === "running") {
          const call = this.queue.shift();
          if (Date.now() - call.at > this.maxAgeMs) {
            this._emit("stale", { id: call.id });
            call.done(false);
            continue;
          }
          await this._say(call);
          call.done(true);
          if (this.queue.length && this.gapMs > 0) await this._sleep(this.gapMs);
        }
      } finally {
        this.playing = false;
      }
    }

    async _say(call) {
      this._emit("start", { id: call.id });
      for (const name of call.segments) {
        const buffer = await this._buffer(name);
        if (!buffer) {
          this._emit("segment-missing", { id: call.id, name: name });
          continue;
        }
        this._emit("segment-start", { id: call.id, name: name, duration: buffer.duration });
        await this._play(buffer);
        this._emit("segment-end", { id: call.id, name: name });
      }
      this._emit("end", { id: call.id });
    }

    _play(buffer) {
      return new Promise((resolve) => {
        const source = this.ctx.createBufferSource();
        source.buffer = buffer;
        source.connect(this.ctx.destination);
        source.onended = () => resolve();
        source.start();
      });
    }

    _sleep(ms) {
      return new Promise((resolve) => global.setTimeout(resolve, ms));
    }
  }

  global.Announcer = Announcer;
})(window);
