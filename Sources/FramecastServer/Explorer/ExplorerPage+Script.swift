extension ExplorerPage {
    /// The explorer's behaviour: the tree, the search, the controls, the URL state, the snippets
    /// and the ingest line. Plain DOM code, no framework.
    static let script = #"""
        const $ = (id) => document.getElementById(id);
        const presets = [["15m", "-15min"], ["1h", "-1h"], ["6h", "-6h"], ["24h", "-24h"], ["7d", "-7d"], ["30d", "-30d"]];
        const controls = ["from", "until", "kind", "theme", "unit", "log", "threshold"];
        const defaults = { from: "-1h", until: "", kind: "auto", theme: "auto", unit: "si", log: false, threshold: "" };
        let selected = [];

        function readURL() {
          const q = new URLSearchParams(location.search);
          selected = q.getAll("series").flatMap((s) => s.split(",")).filter(Boolean);
          for (const name of controls) {
            const el = $(name);
            if (name === "log") el.checked = q.get("log") === "true";
            else if (name === "threshold") el.value = q.getAll("threshold").join(" ");
            else el.value = q.get(name) ?? defaults[name];
          }
          $("glob").value = selected.join(",");
        }

        // The chart's parameters, as /render, /embed, /stream and `framecast export` take them.
        function chartPairs() {
          const pairs = [];
          for (const s of selected) pairs.push(["series", s]);
          const from = $("from").value.trim(), until = $("until").value.trim();
          if (from) pairs.push(["from", from]);
          if (until) pairs.push(["until", until]);
          for (const name of ["kind", "unit"]) if ($(name).value !== defaults[name]) pairs.push([name, $(name).value]);
          if ($("theme").value !== "auto") pairs.push(["theme", $("theme").value]);
          if ($("log").checked) pairs.push(["log", "true"]);
          for (const t of $("threshold").value.split(/\s+/).filter(Boolean)) pairs.push(["threshold", t]);
          return pairs;
        }

        const query = (pairs) => new URLSearchParams(pairs).toString();
        const shell = (s) => "'" + s.replace(/'/g, "'\\''") + "'";
        const html = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

        function update() {
          const pairs = chartPairs();
          history.replaceState(null, "", selected.length ? "/?" + query(pairs) : "/");
          for (const b of $("presets").children) b.setAttribute("aria-pressed", String(b.dataset.from === $("from").value && !$("until").value));
          for (const b of document.querySelectorAll(".pick")) b.setAttribute("aria-pressed", String(selected.includes(b.dataset.series)));
          const has = selected.length > 0;
          $("chart").hidden = !has; $("use").hidden = !has; $("empty").hidden = has;
          if (!has) return;
          const src = "/embed?" + query(pairs);
          if ($("chart").getAttribute("src") !== src) $("chart").setAttribute("src", src);
          snippets(pairs);
        }

        // A badge shows one series: the first the selection matches.
        async function firstSeries() {
          const s = selected[0];
          if (!/[*?[{]/.test(s)) return s;
          try {
            const r = await fetch("/api/v1/series?" + query([["match", s], ["limit", "1"]]));
            return (await r.json()).series?.[0]?.name ?? s;
          } catch { return s; }
        }

        async function snippets(pairs) {
          const origin = location.origin, q = query(pairs), one = await firstSeries();
          const live = query(pairs.filter(([k]) => k !== "until").concat([["refresh", "1s"]]));
          const cli = ["framecast export --data-dir data"].concat(pairs.map(([k, v]) => "--" + k + " " + shell(v)), ["--output chart.png"]).join(" ");
          const list = [
            ["Polled image (ETag, 304)", `<img src="${origin}/render?${q}" alt="chart">`],
            ["Live image (multipart stream)", `<img src="${origin}/stream?${live}" alt="live chart">`],
            ["Interactive iframe (hover, live)", `<iframe src="${origin}/embed?${q}" width="820" height="320" title="chart"></iframe>`],
            [`Badge (one series: ${one})`, `<img src="${origin}/badge?${query([["series", one], ["stat", "last"]])}" alt="badge">`],
            ["Export from the store (server stopped)", cli],
          ];
          let text = list.map(([title, code], i) =>
            `<div class="snippet"><h3 id="s${i}">${html(title)} <button type="button" data-copy="${i}" aria-describedby="s${i}">Copy</button></h3><pre>${html(code)}</pre></div>`).join("");
          if (PRIVATE) text += `<p class="note">This server has private series: they are not listed here, and a chart of them needs a signed URL: <code>framecast sign 'URL' --key-file KEY --expires 30d</code>.</p>`;
          $("snippets").innerHTML = text;
          for (const b of $("snippets").querySelectorAll("button[data-copy]")) {
            b.onclick = async () => {
              try { await navigator.clipboard.writeText(list[b.dataset.copy][1]); b.textContent = "Copied"; }
              catch { b.textContent = "Select and copy"; }
              setTimeout(() => (b.textContent = "Copy"), 1500);
            };
          }
        }

        function choose(series, add) {
          if (add) selected = selected.includes(series) ? selected.filter((s) => s !== series) : selected.concat([series]);
          else selected = [series];
          $("glob").value = selected.join(",");
          update();
        }

        function pickButton(label, series, extra) {
          const b = document.createElement("button");
          b.type = "button"; b.className = "pick"; b.dataset.series = series; b.textContent = label;
          b.setAttribute("aria-pressed", String(selected.includes(series)));
          b.title = series;
          b.onclick = (e) => choose(series, e.ctrlKey || e.metaKey);
          if (extra) { const s = document.createElement("span"); s.className = "count"; s.textContent = extra; b.append(" ", s); }
          return b;
        }

        async function children(prefix) {
          const r = await fetch("/api/v1/series/tree?" + query(prefix ? [["prefix", prefix]] : []));
          if (!r.ok) throw new Error((await r.json()).error?.message ?? r.statusText);
          return r.json();
        }

        // One level of the tree; branches load their children when first opened.
        async function fill(list, prefix) {
          list.innerHTML = "<li>loading…</li>";
          let data;
          try { data = await children(prefix); } catch (e) { list.innerHTML = ""; list.append(Object.assign(document.createElement("li"), { textContent: "could not load: " + e.message })); return; }
          list.innerHTML = "";
          if (!prefix && data.total === 0) list.innerHTML = "<li class='note'>No series yet: write some (see the README) and reload.</li>";
          for (const node of data.nodes) {
            const li = document.createElement("li");
            li.setAttribute("role", "treeitem");
            const row = document.createElement("div"); row.className = "node";
            if (node.branch) {
              const t = document.createElement("button");
              t.type = "button"; t.className = "toggle"; t.textContent = "▸";
              t.setAttribute("aria-label", "expand " + node.path);
              li.setAttribute("aria-expanded", "false");
              const sub = document.createElement("ul"); sub.setAttribute("role", "group"); sub.hidden = true;
              t.onclick = async () => {
                const open = li.getAttribute("aria-expanded") !== "true";
                li.setAttribute("aria-expanded", String(open)); t.textContent = open ? "▾" : "▸";
                t.setAttribute("aria-label", (open ? "collapse " : "expand ") + node.path);
                sub.hidden = !open;
                if (open && !sub.dataset.loaded) { sub.dataset.loaded = "1"; await fill(sub, node.path); }
              };
              row.append(t, pickButton(node.name, node.path + ".**", node.series + (node.series === 1 ? " series" : " series")));
              li.append(row, sub);
            } else {
              row.append(Object.assign(document.createElement("span"), { className: "toggle" }));
              li.append(row);
            }
            if (node.leaf) {
              const plain = node.keys.length === 1 && node.keys[0] === node.path;
              if (plain || node.branch) {
                const target = node.branch ? document.createElement("div") : row;
                if (node.branch) { target.className = "node"; target.append(Object.assign(document.createElement("span"), { className: "toggle" })); li.insertBefore(target, li.lastChild); }
                if (plain) target.append(pickButton(node.branch ? node.name + " (itself)" : node.name, node.path));
              }
              if (!plain) {
                if (!node.branch) row.append(pickButton(node.name, node.path, node.keys.length + " tagged"));
                const tags = document.createElement("ul"); tags.setAttribute("role", "group");
                for (const key of node.keys) {
                  const t = document.createElement("li"); t.setAttribute("role", "treeitem");
                  const label = key === node.path ? "(no tags)" : key.slice(node.path.length + 1).replace(/;/g, " ");
                  const b = pickButton(label, key); b.classList.add("tags"); t.append(b); tags.append(t);
                }
                li.append(tags);
              }
            }
            list.append(li);
          }
          if (data.total > data.nodes.length) list.append(Object.assign(document.createElement("li"), { className: "note", textContent: `… ${data.total - data.nodes.length} more: search with a glob` }));
        }

        async function search(glob) {
          $("results").innerHTML = "";
          if (!glob) return;
          const r = await fetch("/api/v1/series?" + query([["match", glob], ["limit", "200"]]));
          const data = await r.json();
          if (!r.ok) { $("results").append(Object.assign(document.createElement("li"), { textContent: data.error?.message ?? r.statusText })); return; }
          const head = Object.assign(document.createElement("li"), { className: "note", textContent: `${data.total} match${data.total === 1 ? "" : "es"}` });
          $("results").append(head);
          for (const s of data.series.slice(0, 50)) { const li = document.createElement("li"); li.append(pickButton(s.name, s.name)); $("results").append(li); }
        }

        // Ingest at a glance, from the same counters as /metrics (rates from two readings).
        let last = null;
        function counters(text) {
          const out = { accepted: 0, rejected: {} };
          for (const line of text.split("\n")) {
            if (line.startsWith("framecast_ingest_points_total")) out.accepted += Number(line.split(" ").pop());
            const m = line.match(/^framecast_ingest_points_rejected_total\{reason="([^"]+)"\} (\S+)/);
            if (m) out.rejected[m[1]] = (out.rejected[m[1]] ?? 0) + Number(m[2]);
          }
          return out;
        }
        async function glance() {
          try {
            const [metrics, health] = await Promise.all([fetch("/metrics").then((r) => r.text()), fetch("/healthz").then((r) => r.json())]);
            const now = counters(metrics), at = performance.now();
            const rate = last ? ((now.accepted - last.accepted) * 1000) / (at - last.at) : null;
            last = { accepted: now.accepted, at };
            const rejected = Object.entries(now.rejected).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ");
            $("glance").textContent = `${rate === null ? "…" : Math.round(rate).toLocaleString()} points/s · ${now.accepted.toLocaleString()} accepted · rejected: ${rejected || "none"} · ${health.series.toLocaleString()} series · store ${health.store}`;
          } catch { $("glance").textContent = "server unreachable"; }
        }

        for (const [label, from] of presets) {
          const b = document.createElement("button");
          b.type = "button"; b.textContent = label; b.dataset.from = from;
          b.onclick = () => { $("from").value = from; $("until").value = ""; update(); };
          $("presets").append(b);
        }
        $("controls").addEventListener("change", update);
        $("controls").addEventListener("submit", (e) => { e.preventDefault(); update(); });
        $("search").addEventListener("submit", (e) => {
          e.preventDefault();
          const glob = $("glob").value.trim();
          selected = glob.split(",").map((s) => s.trim()).filter(Boolean);
          update(); search(glob);
        });
        readURL();
        update();
        fill($("tree"), "");
        glance(); setInterval(glance, 5000);
        """#
}
