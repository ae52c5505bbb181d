/* Article index: filter the rows by the words typed (all columns). */
(function () {
  var q = document.getElementById("ap-q"), n = document.getElementById("ap-n");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#ap-articles tbody tr"));
  q.hidden = false;
  q.addEventListener("input", function () {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (r) {
      var text = r.textContent.toLowerCase(), hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      r.hidden = !hit;
      if (hit) { shown += 1; }
    });
    n.textContent = shown + " of " + rows.length + " articles shown";
  });
})();
