// The public forms' proof-of-work widget (ALTCHA, vendored in ./altcha/), set up after the
// widget's script: its SHA-256 worker from this server, Indonesian words, no outside links.
// Runs as a module, after altcha.min.js (modules run in document order).
const ID = {
  ariaLinkLabel: "ALTCHA",
  error: "Pemeriksaan gagal. Coba lagi.",
  expired: "Pemeriksaan kedaluwarsa. Coba lagi.",
  label: "Saya bukan robot",
  loading: "Memuat...",
  reload: "Muat ulang",
  verify: "Periksa",
  verificationRequired: "Centang \"Saya bukan robot\" dahulu.",
  verified: "Terperiksa",
  verifying: "Memeriksa...",
  waitAlert: "Memeriksa... harap tunggu.",
  cancel: "Batal",
};

for (const slot of document.querySelectorAll(".gate[data-challenge]")) {
  const worker = slot.dataset.worker;
  for (const name of ["SHA-256", "SHA-384", "SHA-512"]) {
    globalThis.$altcha.algorithms.set(name, () => new Worker(worker));
  }
  globalThis.$altcha.i18n.set("id", ID);
  const widget = document.createElement("altcha-widget");
  widget.setAttribute("challenge", slot.dataset.challenge);
  widget.setAttribute("name", "altcha");
  widget.setAttribute("auto", "onfocus");
  widget.setAttribute("language", document.documentElement.lang === "en" ? "en" : "id");
  widget.setAttribute("configuration", JSON.stringify({ hideLogo: true, hideFooter: true }));
  slot.append(widget);
}
