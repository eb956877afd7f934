// Searchable selects: any <select data-tom> becomes a tom-select; data-url enables remote search.
function kinInitSelects(root) {
  root.querySelectorAll("select[data-tom]").forEach(function (el) {
    if (el.tomselect) return;
    var opts = { maxOptions: 50, allowEmptyOption: true, placeholder: el.dataset.placeholder || "Ketik untuk mencari..." };
    if (el.dataset.url) {
      opts.valueField = "id"; opts.labelField = "text"; opts.searchField = ["text"];
      opts.shouldLoad = function (q) { return q.length >= 2; };
      opts.load = function (q, callback) {
        var url = new URL(el.dataset.url, window.location.origin);
        url.searchParams.set("q", q);
        var filter = el.dataset.filterFrom && document.querySelector(el.dataset.filterFrom);
        if (filter && filter.value) url.searchParams.set("induk", filter.value);
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
          .then(function (j) { callback(j.results); }).catch(function () { callback(); });
      };
      var empty = el.dataset.empty || "Tidak ada data yang cocok.";
      opts.render = { no_results: function () { var d = document.createElement("div"); d.className = "no-results"; d.textContent = empty; return d; } };
    }
    new TomSelect(el, opts);
  });
}
document.addEventListener("DOMContentLoaded", function () {
  kinInitSelects(document);
  var activeTab = document.querySelector(".kin-tabs .nav-link.active");
  if (activeTab) activeTab.scrollIntoView({ block: "nearest", inline: "center" });
});
document.addEventListener("htmx:afterSwap", function (e) { kinInitSelects(e.target); });

// "Pilih semua": a checkbox #pilih-semua ticks every .kin-pilih checkbox of the page (bulk actions).
(function () {
  var semua = document.getElementById("pilih-semua");
  if (!semua) return;
  semua.addEventListener("change", function () {
    document.querySelectorAll(".kin-pilih").forEach(function (c) { c.checked = semua.checked; });
  });
})();
