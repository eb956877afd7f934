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

// Content-Security-Policy (docs/security-akun.md): no inline <script>, no on…= handler and no style="…" in any
// page. What they did is done here, hooked on data- attributes, for the page and for every htmx swap.

// data-konfirmasi="Pertanyaan?" on a <form> (asked on submit) or on a button (asked on click): "Batal" stops it.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.dataset && form.dataset.konfirmasi && !window.confirm(form.dataset.konfirmasi)) e.preventDefault();
});
document.addEventListener("click", function (e) {
  var el = e.target.closest ? e.target.closest("[data-konfirmasi]:not(form)") : null;
  if (el && !window.confirm(el.dataset.konfirmasi)) e.preventDefault();
});

// data-kirim-otomatis on a <select>: choosing a value submits its form (an empty choice does not).
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el.matches && el.matches("select[data-kirim-otomatis]") && el.value && el.form) el.form.submit();
});

// data-pilih-saat-fokus: focusing the field selects its text. data-salin="#id": copies that field's value.
document.addEventListener("focusin", function (e) {
  if (e.target.matches && e.target.matches("[data-pilih-saat-fokus]")) e.target.select();
});
document.addEventListener("click", function (e) {
  var btn = e.target.closest ? e.target.closest("[data-salin]") : null;
  if (!btn) return;
  var field = document.querySelector(btn.dataset.salin);
  if (!field) return;
  var selesai = function () { btn.textContent = btn.dataset.salinSelesai || "Tersalin"; };
  if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(selesai, function () {});
  else { field.select(); document.execCommand("copy"); selesai(); }
});

// Sizes computed per row, set through the CSSOM (allowed by the CSP, unlike style="…"):
// data-lebar="37.5" → width 37.5 %; data-indent="N" → padding-left N × data-indent-langkah (1) + data-indent-dasar (0) rem.
function kinUkuran(root) {
  var scope = root.querySelectorAll ? root : document;
  var els = Array.prototype.slice.call(scope.querySelectorAll("[data-lebar], [data-indent]"));
  if (scope.matches && scope.matches("[data-lebar], [data-indent]")) els.push(scope);
  els.forEach(function (el) {
    if (el.dataset.lebar !== undefined) el.style.width = parseFloat(el.dataset.lebar || "0") + "%";
    if (el.dataset.indent !== undefined) {
      var n = parseFloat(el.dataset.indent || "0"), langkah = parseFloat(el.dataset.indentLangkah || "1");
      el.style.paddingLeft = (parseFloat(el.dataset.indentDasar || "0") + n * langkah) + "rem";
    }
  });
}
kinUkuran(document);
document.addEventListener("htmx:load", function (e) { kinUkuran(e.target); });

// Edit Pegawai: offer only the golongan that fit the chosen PNS / PPPK (options in json_script "golongan-options").
(function () {
  var data = document.getElementById("golongan-options");
  var asn = document.getElementById("id_jenis_asn"), gol = document.getElementById("id_golongan");
  if (!data || !asn || !gol) return;
  var options = JSON.parse(data.textContent);
  asn.addEventListener("change", function () {
    var current = gol.value;
    gol.innerHTML = "";
    gol.add(new Option("---------", ""));
    (options[asn.value] || []).forEach(function (o) { gol.add(new Option(o[1], o[0], false, o[0] === current)); });
  });
})();

// Detail SKP: on phones the Hasil Kerja table is hidden, so #rhk-N follows to the RHK's card instead.
(function () {
  if (!/^#rhk-\d+$/.test(location.hash)) return;
  var row = document.getElementById(location.hash.slice(1));
  var card = document.getElementById(location.hash.slice(1) + "-hp");
  if (row && card && row.offsetParent === null) card.scrollIntoView();
})();
