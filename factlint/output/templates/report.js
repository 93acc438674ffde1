"use strict";
(function () {
  var filters = document.getElementById("filters");

  function applyFilters() {
    var off = {};
    filters.querySelectorAll("input").forEach(function (box) {
      if (!box.checked) off[box.name + ":" + box.value] = true;
    });
    var hidden = {};
    document.querySelectorAll("[data-finding]").forEach(function (item) {
      var hide = off["family:" + item.dataset.family] || off["severity:" + item.dataset.severity];
      item.hidden = Boolean(hide);
      if (hide) hidden[item.dataset.finding] = true;
    });
    document.querySelectorAll("mark[data-f]").forEach(function (mark) {
      var all = mark.dataset.f.split(" ").every(function (id) { return hidden[id]; });
      mark.classList.toggle("off", all);
    });
  }

  function reveal(id) {
    var target = document.getElementById(id);
    if (!target) return null;
    var details = target.closest("details");
    if (details && !details.open) details.open = true;
    return target;
  }

  function markAfter(anchor) {
    for (var next = anchor.nextElementSibling; next; next = next.nextElementSibling) {
      var mark = next.tagName === "MARK" ? next : next.querySelector("mark");
      if (mark) return mark;
    }
    return anchor;
  }

  function go(id) {
    var target = reveal(id);
    if (!target) return;
    if (target.tagName === "DETAILS") {
      target.scrollIntoView({ block: "start" });
      setCurrent(null);
      nextAfter = target.querySelector("nav.findings li[data-finding]");
      return;
    }
    var mark = /-f\d+$/.test(id) ? document.querySelector('mark[data-f~="' + id + '"]') : null;
    mark = mark || markAfter(target);
    target.scrollIntoView({ block: "center" });
    if (mark.focus) mark.focus({ preventScroll: true });
    setCurrent(document.querySelector('nav.findings li[data-finding="' + id + '"]'));
  }

  var nextAfter = null; // after a jump to an article: the finding j goes to first

  function setCurrent(item) {
    nextAfter = null;
    document.querySelectorAll("nav.findings li.current").forEach(function (old) {
      old.classList.remove("current");
    });
    if (item) item.classList.add("current");
  }

  if (filters) {
    filters.hidden = false;
    filters.addEventListener("change", applyFilters);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (!document.getElementById(id)) return;
    event.preventDefault();
    history.pushState(null, "", "#" + id);
    go(id);
  });

  window.addEventListener("hashchange", function () {
    go(decodeURIComponent(location.hash.slice(1)));
  });
  if (location.hash) go(decodeURIComponent(location.hash.slice(1)));

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== "j" && event.key !== "k") return;
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    var items = Array.prototype.slice.call(
      document.querySelectorAll("nav.findings li[data-finding]:not([hidden])")
    );
    if (!items.length) return;
    var current = document.querySelector("nav.findings li.current");
    var index = items.indexOf(current);
    if (nextAfter && items.indexOf(nextAfter) >= 0) {
      index = items.indexOf(nextAfter) + (event.key === "j" ? -1 : 1);
    }
    index = event.key === "j" ? index + 1 : (index < 0 ? items.length : index) - 1;
    index = Math.max(0, Math.min(items.length - 1, index));
    event.preventDefault();
    go(items[index].dataset.finding);
  });
})();
