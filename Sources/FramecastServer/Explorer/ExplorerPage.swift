import FramecastCore
import Hummingbird

/// `GET /`: the explorer, a newcomer's way in. A lazily loaded tree of the series (by
/// dot-separated nodes, from `/api/v1/series/tree`) and a glob search; the chosen series live in
/// the same `/embed` chart as everywhere (hover, srcset, SSE) with range presets, kind, theme,
/// unit, log scale and thresholds; the view lives in the URL (`/?series=app.*.cpu&from=-6h`);
/// "Use this chart" gives the snippets for every front end; ingest at a glance from `/metrics`
/// and `/healthz`. One self-contained page: no external script, style or font.
///
/// The choices offered (kinds, themes, units) come from the chart parameter table, like every
/// front end's.
enum ExplorerPage {
    static func register(on router: some RouterMethods<FramecastApplication.Context>, state: ServerState) {
        let page = html(privateNote: !state.options.privateSeries.isEmpty)
        router.get("/") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            headers[.contentSecurityPolicy] =
                "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }

    static func choices(_ name: ChartParameterName) -> [String] {
        if case .choice(let values)? = ChartParameter.table[name]?.type { return values }
        return []
    }

    static func options(_ values: [String], selected: String) -> String {
        values.map { "<option value=\"\($0)\"\($0 == selected ? " selected" : "")>\($0)</option>" }.joined()
    }

    static func html(privateNote: Bool) -> String {
        let kinds = options(choices(.kind), selected: "auto")
        let themes = "<option value=\"auto\" selected>auto</option>" + options(choices(.theme), selected: "")
        let units = options(choices(.unit), selected: "si")
        return
            template
            .replacingOccurrences(of: "{{KINDS}}", with: kinds)
            .replacingOccurrences(of: "{{THEMES}}", with: themes)
            .replacingOccurrences(of: "{{UNITS}}", with: units)
            .replacingOccurrences(of: "{{PRIVATE}}", with: privateNote ? "true" : "false")
            .replacingOccurrences(of: "{{STYLE}}", with: style)
            .replacingOccurrences(of: "{{SCRIPT}}", with: script)
    }

    static let template = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Framecast explorer</title>
        <style>{{STYLE}}</style>
        </head>
        <body>
        <header><h1>Framecast</h1><p id="glance" aria-live="polite">loading…</p></header>
        <main>
        <nav aria-label="Series">
          <form id="search" role="search">
            <label for="glob">Series or glob</label>
            <input id="glob" name="glob" type="search" placeholder="app.*.cpu" autocomplete="off" spellcheck="false">
            <button type="submit">Show</button>
          </form>
          <p class="hint">* within a node, ** across nodes; Ctrl/⌘-click adds a series.</p>
          <ul id="results" aria-label="Matches"></ul>
          <ul id="tree" role="tree" aria-label="Series tree"></ul>
        </nav>
        <section aria-label="Chart">
          <form id="controls">
            <fieldset><legend>Range</legend>
              <div id="presets" role="group" aria-label="Range presets"></div>
              <label>From <input id="from" name="from" value="-1h" size="12"></label>
              <label>Until <input id="until" name="until" placeholder="now" size="12"></label>
            </fieldset>
            <fieldset><legend>Look</legend>
              <label>Kind <select id="kind" name="kind">{{KINDS}}</select></label>
              <label>Theme <select id="theme" name="theme">{{THEMES}}</select></label>
              <label>Unit <select id="unit" name="unit">{{UNITS}}</select></label>
              <label><input id="log" name="log" type="checkbox"> Log scale</label>
              <label>Thresholds <input id="threshold" name="threshold" placeholder="90:#d62728:SLO 95" size="18"></label>
            </fieldset>
          </form>
          <p id="empty">Pick a series in the tree or type a glob to see it live.</p>
          <iframe id="chart" title="Live chart" width="820" height="320" hidden></iframe>
          <details id="use" hidden open>
            <summary>Use this chart</summary>
            <div id="snippets"></div>
          </details>
        </section>
        </main>
        <script>
        const PRIVATE = {{PRIVATE}};
        {{SCRIPT}}
        </script>
        </body>
        </html>
        """
}
