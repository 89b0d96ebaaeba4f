// Refresh the live panel every few seconds without reloading the page (the <noscript> meta
// refresh does the same without JavaScript). A failed fetch keeps the last figures and says so.
(function () {
  "use strict";
  var panel = document.getElementById("live");
  if (!panel) return;
  var every = (parseInt(panel.dataset.refresh, 10) || 10) * 1000;
  function tick() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        if (fresh) panel.innerHTML = fresh.innerHTML;
      })
      .catch(function () {
        var stamp = document.getElementById("stamp");
        if (stamp) stamp.textContent += " · gagal memperbarui (offline?)";
      });
  }
  setInterval(tick, every);
})();
