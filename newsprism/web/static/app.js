// newsprism — small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Filters: a changed menu applies at once.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.form) el.form.submit();
    });
  });

  // Diff: pointing at a passage outlines its counterpart in the other article;
  // clicking scrolls the counterpart into view.
  var keyed = document.querySelectorAll(".diff [data-key]");
  function mark(key, on) {
    document.querySelectorAll('.diff [data-key="' + key + '"]').forEach(function (el) {
      el.classList.toggle("hl", on);
    });
  }
  keyed.forEach(function (el) {
    var key = el.getAttribute("data-key");
    if (!/^p\d+$/.test(key)) return;
    el.addEventListener("mouseenter", function () { mark(key, true); });
    el.addEventListener("mouseleave", function () { mark(key, false); });
    el.addEventListener("click", function () {
      var side = el.closest(".diff-col");
      document.querySelectorAll('.diff [data-key="' + key + '"]').forEach(function (other) {
        if (other.closest(".diff-col") !== side) other.scrollIntoView({ block: "center", behavior: "smooth" });
      });
    });
  });
})();
