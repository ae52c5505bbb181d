/* Article view: outline every part of the claim under the pointer or focus, and let Escape hide the details. */
(function () {
  var d = document;
  function link(target) {
    d.querySelectorAll(".ap-linked").forEach(function (x) { x.classList.remove("ap-linked"); });
    var mark = target && target.closest ? target.closest("[data-c]") : null;
    if (!mark) { return; }
    mark.getAttribute("data-c").split(" ").forEach(function (c) {
      if (/^[0-9]+$/.test(c)) { d.querySelectorAll('[data-c~="' + c + '"]').forEach(function (x) { x.classList.add("ap-linked"); }); }
    });
  }
  d.addEventListener("mouseover", function (e) { d.body.classList.remove("ap-quiet"); link(e.target); });
  d.addEventListener("focusin", function (e) { d.body.classList.remove("ap-quiet"); link(e.target); });
  d.addEventListener("keydown", function (e) { if (e.key === "Escape") { d.body.classList.add("ap-quiet"); } });
})();
