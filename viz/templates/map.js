/* civicgraph map: draws the data in #graph-data with vis-network (positions precomputed,
   physics off). Document text is only ever put into the page with textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var state = { ready: false, nodes: 0, edges: 0, drawnAt: null };
  window.civicgraphMap = state;

  var EDGE_STYLE = {
    PART_OF: { color: "#c3c9cf", width: 1 },
    OWNS: { color: "#9775fa", width: 1.3 },
    OWNS_MEMBER: { color: "#ffa94d", width: 1.3 },
    MONITORS: { color: "#3bc9db", width: 1.3, dashes: [4, 3] },
    WORKS_IN: { color: "#a1887f", width: 2.5 },
    SUCCEEDS: { color: "#5f3dc4", width: 2.5, dashes: [8, 4], arrows: "to" }
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function tooltip(tip) {
    var box = el("div");
    box.appendChild(el("div", "tip-kind", (tip.kind || "") + (tip.code ? " " + tip.code : "")));
    box.appendChild(el("div", "tip-title", tip.title || ""));
    var skip = { kind: 1, title: 1, code: 1, comment: 1 };
    Object.keys(tip).forEach(function (key) {
      if (skip[key]) return;
      var row = el("div", "tip-row");
      row.appendChild(el("span", "tip-key", key + ": "));
      row.appendChild(el("span", "tip-value", tip[key]));
      box.appendChild(row);
    });
    if (tip.comment) box.appendChild(el("div", "tip-comment", "“" + tip.comment + "”"));
    return box;
  }

  function darker(hex) {
    var n = parseInt(hex.slice(1), 16);
    var r = Math.max(0, ((n >> 16) & 255) - 60), g = Math.max(0, ((n >> 8) & 255) - 60), b = Math.max(0, (n & 255) - 60);
    return "#" + ((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1);
  }

  var big = data.nodes.length > 200;
  var kindOf = {};
  var nodes = data.nodes.map(function (n) {
    kindOf[n.id] = n.kind;
    var inside = n.shape === "box" || n.shape === "ellipse";
    var node = {
      id: n.id, label: n.label || undefined, x: n.x, y: n.y, shape: n.shape, size: n.size,
      title: tooltip(n.tip),
      borderWidth: n.focus ? 3 : n.dashed ? 2 : 1,
      shapeProperties: n.dashed ? { borderDashes: [4, 3] } : {},
      color: {
        background: n.dashed ? "#ffffff" : n.color,
        border: n.dashed ? darker(n.color) : darker(n.color),
        highlight: { background: n.color, border: "#000000" },
        hover: { background: n.color, border: "#000000" }
      },
      font: {
        size: n.font, color: inside ? "#ffffff" : "#212529",
        strokeWidth: inside ? 0 : 3, strokeColor: "#ffffff"
      }
    };
    if (inside) node.margin = 6;
    return node;
  });
  var edges = data.edges.map(function (e, i) {
    var key = e.type === "OWNS" && kindOf[e.from] === "Member" ? "OWNS_MEMBER" : e.type;
    var s = EDGE_STYLE[key] || { color: "#adb5bd", width: 1 };
    return {
      id: i, from: e.from, to: e.to, title: e.type.replace("_", " ").toLowerCase(),
      color: { color: s.color, highlight: "#212529", hover: "#212529", opacity: big && e.type !== "SUCCEEDS" ? 0.45 : 0.9 },
      width: s.width, dashes: s.dashes || false, arrows: s.arrows || "",
      // bent, so a carried-forward arrow never lies on the straight owner edge between the same places
      smooth: e.type === "SUCCEEDS" ? { enabled: true, type: data.curve || "curvedCW", roundness: 0.25 } : false
    };
  });

  var nodeSet = new vis.DataSet(nodes);
  var edgeSet = new vis.DataSet(edges);
  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: true },
    edges: { smooth: false, selectionWidth: 1.5 },
    nodes: { scaling: { label: { drawThreshold: 7 } }, font: { face: "system-ui, sans-serif" } }
  });
  state.network = network;
  state.nodes = nodeSet.length;
  state.edges = edgeSet.length;
  network.once("afterDrawing", function () {
    state.ready = true;
    state.drawnAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  // fit the nodes and the captions drawn behind them (vis-network's own fit sees nodes only)
  var bands = data.bands || [];
  function fitAll(animate) {
    if (!bands.length) { network.fit({ animation: animate ? { duration: 300 } : false }); return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    function grow(x, y) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    data.nodes.forEach(function (n) { grow(n.x - n.size - 20, n.y - n.size); grow(n.x + n.size + 20, n.y + n.size + 30); });
    bands.forEach(function (b) {
      grow(b.x - Math.max(b.width / 2, 60), b.y);
      grow(b.x + Math.max(b.width / 2, 60), b.y + Math.max(b.height, 34));
    });
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    var scale = Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1)) * 0.96;
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale,
                     animation: animate ? { duration: 300 } : false });
  }
  state.fitAll = fitAll;
  fitAll(false);

  // ---- plan-year columns and captions, drawn behind the nodes
  if (bands.length) {
    network.on("beforeDrawing", function (ctx) {
      bands.forEach(function (b, i) {
        if (b.width > 0) {
          ctx.fillStyle = i % 2 ? "rgba(241,243,245,0.55)" : "rgba(248,249,250,0.9)";
          ctx.fillRect(b.x - b.width / 2, b.y, b.width, b.height);
        }
        // captions keep a readable size on screen whatever the zoom
        var px = Math.max(22, 17 / Math.max(network.getScale(), 0.02));
        ctx.font = "600 " + px + "px system-ui, sans-serif";
        ctx.fillStyle = "#495057";
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        ctx.fillText(b.text, b.x, b.y + 8);
      });
    });
  }

  // ---- a label with no room on the map (or too small to read at this zoom) shows while the
  // pointer is on its node, at a readable size
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  network.on("hoverNode", function (p) {
    var n = byId[p.node];
    if (!n) return;
    var readable = 13 / Math.max(network.getScale(), 0.05);
    if (n.hover || n.font < readable) {
      nodeSet.update({ id: n.id, label: n.hover || n.label, font: { size: Math.max(n.font, readable) } });
    }
  });
  network.on("blurNode", function (p) {
    var n = byId[p.node];
    if (n) nodeSet.update({ id: n.id, label: n.label || "", font: { size: n.font } });
  });

  // ---- in the site, a click opens the node's page
  var urls = data.urls || {};
  network.on("click", function (p) {
    if (p.nodes.length === 1 && urls[p.nodes[0]] && !p.event.srcEvent.shiftKey) window.location.href = urls[p.nodes[0]];
  });

  // ---- legend
  var SHAPES = {
    dot: function (c) { return '<circle cx="9" cy="9" r="6"' + c + "/>"; },
    ellipse: function (c) { return '<ellipse cx="9" cy="9" rx="8" ry="5"' + c + "/>"; },
    square: function (c) { return '<rect x="4" y="4" width="10" height="10"' + c + "/>"; },
    box: function (c) { return '<rect x="1" y="4" width="16" height="10" rx="2"' + c + "/>"; },
    diamond: function (c) { return '<polygon points="9,2 16,9 9,16 2,9"' + c + "/>"; },
    hexagon: function (c) { return '<polygon points="16,9 12.5,15 5.5,15 2,9 5.5,3 12.5,3"' + c + "/>"; },
    triangle: function (c) { return '<polygon points="9,2 16,15 2,15"' + c + "/>"; },
    triangleDown: function (c) { return '<polygon points="2,3 16,3 9,16"' + c + "/>"; },
    star: function (c) { return '<polygon points="9,1 11,7 17,7 12,11 14,17 9,13 4,17 6,11 1,7 7,7"' + c + "/>"; }
  };
  var SVGNS = "http://www.w3.org/2000/svg";
  function swatch(entry) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("viewBox", "0 0 18 18");
    if (entry.group.indexOf("edge:") === 0) {
      var s = EDGE_STYLE[entry.group.slice(5)];
      var line = document.createElementNS(SVGNS, "line");
      line.setAttribute("x1", "1"); line.setAttribute("y1", "9"); line.setAttribute("x2", "17"); line.setAttribute("y2", "9");
      line.setAttribute("stroke", s.color);
      line.setAttribute("stroke-width", String(Math.max(1.5, s.width)));
      if (s.dashes) line.setAttribute("stroke-dasharray", s.dashes.join(","));
      svg.appendChild(line);
      return svg;
    }
    var fill = /^#[0-9a-f]{6}$/i.test(entry.color) ? entry.color : "#adb5bd";
    var attrs = ' fill="' + fill + '" stroke="' + darker(fill) + '" stroke-width="1"' + (entry.dashed ? ' stroke-dasharray="3,2"' : "");
    var make = SHAPES[entry.shape] || SHAPES.dot;
    // the markup comes from the constant SHAPES table and a validated colour only
    svg.innerHTML = make(attrs);
    return svg;
  }
  var legend = document.getElementById("legend");
  var headings = { status: "Status (item colour)", kind: "Kind (shape)", edge: "Links" };
  var lastGroup = null;
  data.legend.forEach(function (entry) {
    var group = entry.group.split(":")[0];
    if (group !== lastGroup) {
      legend.appendChild(el("h2", null, headings[group] || group));
      lastGroup = group;
    }
    var row = el("div");
    row.appendChild(swatch(entry));
    row.appendChild(el("span", null, entry.text));
    legend.appendChild(row);
  });

  // ---- search
  var result = document.getElementById("search-result");
  var box = document.getElementById("search-box");
  var form = document.getElementById("search");
  if (!form || !box) return;  // a map inside a site page: the site's own search serves
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = box.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); result.textContent = ""; return; }
    var hits = data.nodes.filter(function (n) {
      return n.search.indexOf(q) >= 0 || n.label.toLowerCase().indexOf(q) >= 0;
    }).map(function (n) { return n.id; });
    if (!hits.length) { network.unselectAll(); result.textContent = "no match"; return; }
    network.selectNodes(hits);
    if (hits.length === 1) network.focus(hits[0], { scale: 1.3, animation: { duration: 300 } });
    else network.fit({ nodes: hits, animation: { duration: 300 } });
    result.textContent = hits.length === 1 ? "1 match" : hits.length + " matches (selected)";
  });
  document.getElementById("fit").addEventListener("click", function () {
    network.unselectAll();
    result.textContent = "";
    fitAll(true);
  });
})();
