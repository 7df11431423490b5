/* civicgraph site search: ranks the prebuilt index (assets/search-index.js) against a query.
   Each query word matches index words that start with it, or lie within a small edit distance
   of it (1 for words of 4-5 letters, 2 from 6), so "Andy Bambr" still finds Andy Bamber.
   Results are put into the page with textContent only. */
(function () {
  "use strict";
  var index = window.CIVICGRAPH_SEARCH || { entries: [], vocab: [], postings: [], kinds: [] };
  var state = { ready: true, results: [] };
  window.civicgraphSearch = state;

  function words(text) {
    var t = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return t.split(/[^a-z0-9.]+/).filter(function (w) { return w.replace(/\./g, "").length > 0; });
  }

  // Levenshtein distance, giving up (returns max + 1) once it must exceed ``max``
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (cur[j] < best) best = cur[j];
      }
      if (best > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  // how well query word q matches index word w: 1 exact, 0.9 prefix, less per edit, 0 none
  function similarity(q, w) {
    if (q === w) return 1;
    if (w.indexOf(q) === 0) return q.length >= 2 ? 0.9 : 0.5;
    if (q.length < 4) return 0;
    var max = q.length >= 6 ? 2 : 1;
    var d = distance(q, w.slice(0, Math.max(w.length, q.length)), max);
    if (d > max) {
      // a misspelt prefix: "bambe" against "bamberg"
      if (w.length > q.length) d = Math.min(d, distance(q, w.slice(0, q.length), max) + 0.5);
      if (d > max) return 0;
    }
    return 0.85 - 0.2 * d;
  }

  function search(query) {
    var qs = words(query);
    if (!qs.length) return [];
    var scores = {}, hits = {};
    qs.forEach(function (q, qi) {
      var best = {};
      for (var v = 0; v < index.vocab.length; v++) {
        var s = similarity(q, index.vocab[v]);
        if (s <= 0) continue;
        var post = index.postings[v];
        for (var k = 0; k < post.length; k++) {
          var e = post[k];
          if (!(best[e] >= s)) best[e] = s;
        }
      }
      Object.keys(best).forEach(function (e) {
        scores[e] = (scores[e] || 0) + best[e];
        hits[e] = (hits[e] || 0) + 1;
      });
    });
    var kindRank = {};
    (index.kinds || []).forEach(function (k, i) { kindRank[k] = i; });
    var found = Object.keys(scores).map(function (e) {
      var entry = index.entries[e];
      return { e: +e, hits: hits[e], score: scores[e], kind: entry[0], text: entry[1], detail: entry[2], url: entry[3],
               len: words(entry[1]).length };
    });
    var need = Math.max(1, Math.ceil(qs.length * 0.6));
    found = found.filter(function (r) { return r.hits >= need; });
    found.sort(function (a, b) {
      return (b.hits - a.hits) || (b.score - a.score) || ((kindRank[a.kind] || 9) - (kindRank[b.kind] || 9)) ||
        (a.len - b.len) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
    });
    return found;
  }
  state.search = search;

  function show(query) {
    var list = document.getElementById("results");
    var count = document.getElementById("search-count");
    if (!list) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    var found = search(query);
    state.results = found.slice(0, 100).map(function (r) { return { kind: r.kind, text: r.text, url: r.url }; });
    count.textContent = query ? (found.length ? found.length + " found" + (found.length > 100 ? " (the first 100 shown)" : "")
                                              : "Nothing found for “" + query + "”") : "";
    found.slice(0, 100).forEach(function (r) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = r.kind;
      li.appendChild(kind);
      var a = document.createElement("a");
      a.textContent = r.text;
      if (/^[a-z]+\/[A-Za-z0-9._#-]+$/.test(r.url)) a.setAttribute("href", r.url);  // only our own page paths
      li.appendChild(a);
      if (r.detail) {
        var d = document.createElement("span");
        d.className = "detail";
        d.textContent = r.detail;
        li.appendChild(d);
      }
      list.appendChild(li);
    });
  }

  var form = document.getElementById("search-form");
  var box = document.getElementById("q");
  if (!form || !box) return;
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q") || "";
  box.value = q;
  show(q);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    show(box.value.trim());
  });
  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(box.value.trim()); }, 150);
  });
})();
