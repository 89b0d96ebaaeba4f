// The complaint form, improved where JavaScript runs; the form works the same without it.
// A count of the characters left, the note about reports of fees only with that category,
// and the contact fields hidden while "anonymous" is chosen.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var text = document.getElementById("id_text");
  var count = document.getElementById("text-count");
  if (text && count) {
    var limit = parseInt(text.getAttribute("maxlength"), 10);
    var show = function () {
      var left = limit - text.value.length;
      count.hidden = false;
      count.textContent = "Sisa " + left + " karakter · " + left + " left";
      count.classList.toggle("near", left < 100);
    };
    text.addEventListener("input", show);
    show();
  }
  var category = document.getElementById("id_category");
  var fees = document.getElementById("fees-note");
  if (category && fees) {
    var toggleFees = function () { fees.classList.toggle("shown", category.value === "fees"); };
    category.addEventListener("change", toggleFees);
    toggleFees();
  }
  var contact = document.getElementById("contact-fields");
  var radios = document.querySelectorAll("input[name=anonymous]");
  var toggleContact = function () {
    var anon = document.querySelector("input[name=anonymous]:checked");
    if (contact) contact.classList.toggle("off", !!anon && anon.value === "yes");
  };
  radios.forEach(function (r) { r.addEventListener("change", toggleContact); });
  toggleContact();
})();
