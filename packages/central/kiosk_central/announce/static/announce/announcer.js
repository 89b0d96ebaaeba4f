/*
 * The display board's announcer: plays each call as its segments (chime, the letter,
 * each digit without the leading zeros, "loket", the counter), one announcement at a time, in the
 * order the calls came, never two over each other.
 *
 *   const announcer = new Announcer({ base: "/announce/segments/" });
 *   announcer.announce(["chime", "huruf_a", "tujuh", "loket", "dua"], { id: "call-381" });
 *
 * Calls that come together (three counters pressing at once) are said one after the other
 * with one chime for the lot: the room already listens, and each chime would hold the last
 * call back. A call whose words are already waiting to be said (a recall pressed before the
 * first was spoken) is not queued again: it is said once, when its turn comes.
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
 * end, stale, duplicate, waiting (the same words already queued), blocked, enabled.
 */
(function (global) {
  "use strict";

  const BUTTON_TEXT = "Ketuk untuk mengaktifkan suara · Tap to enable sound";

  class Announcer {
    constructor(options) {
      const opts = options || {};
      this.base = opts.base || "";
      this.manifest = opts.manifest || null; // segment name -> file, relative to base
      this.gapMs = opts.gapMs === undefined ? 300 : opts.gapMs; // pause between two calls
      this.chime = opts.chime === undefined ? "chime" : opts.chime; // said once for a burst
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
      const words = segments.join(" ");
      const same = this.queue.find((call) => call.words === words);
      if (same) {
        this._emit("waiting", { id: id, as: same.id });
        return Promise.resolve(false);
      }
      return new Promise((resolve) => {
        this.queue.push({
          id: id, segments: segments.slice(), words: words, at: Date.now(), done: resolve,
        });
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
        let following = false; // a call that follows another without a break: no chime
        while (this.queue.length && this.ctx.state === "running") {
          const call = this.queue.shift();
          if (Date.now() - call.at > this.maxAgeMs) {
            this._emit("stale", { id: call.id });
            call.done(false);
            continue;
          }
          await this._say(call, following);
          call.done(true);
          following = this.queue.length > 0;
          if (following && this.gapMs > 0) await this._sleep(this.gapMs);
        }
      } finally {
        this.playing = false;
      }
    }

    async _say(call, following) {
      this._emit("start", { id: call.id });
      for (const name of call.segments) {
        if (following && name === this.chime) continue;
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
