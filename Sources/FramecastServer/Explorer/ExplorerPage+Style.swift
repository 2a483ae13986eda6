extension ExplorerPage {
    static let style = """
        :root { --bg: #fff; --fg: #1d2129; --muted: #5f6673; --line: #d9dde3; --accent: #1f77b4; --panel: #f6f7f9; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #16181d; --fg: #e4e7eb; --muted: #a0a7b2; --line: #343841; --accent: #5aa9e6; --panel: #1e2127; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
        header { display: flex; gap: 1.5em; align-items: baseline; padding: .6em 1em; border-bottom: 1px solid var(--line); }
        h1 { font-size: 1.2em; margin: 0; }
        #glance { margin: 0; color: var(--muted); }
        main { display: grid; grid-template-columns: minmax(220px, 320px) 1fr; min-height: calc(100vh - 3em); }
        nav { border-right: 1px solid var(--line); padding: .8em; overflow: auto; max-height: calc(100vh - 3em); background: var(--panel); }
        section { padding: .8em 1.2em; overflow: auto; }
        label { margin-right: .8em; white-space: nowrap; }
        input, select, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .2em .4em; }
        button { cursor: pointer; }
        button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
        #search { display: flex; flex-wrap: wrap; gap: .3em; }
        #search label { width: 100%; }
        #glob { flex: 1; min-width: 0; }
        .hint { color: var(--muted); font-size: .85em; margin: .3em 0 .6em; }
        ul { list-style: none; margin: 0; padding-left: 1em; }
        #tree, #results { padding-left: 0; }
        li { margin: .1em 0; }
        .node { display: flex; gap: .2em; align-items: center; }
        .toggle { width: 1.6em; padding: 0; border: none; background: none; }
        .pick { border: none; background: none; text-align: left; padding: .05em .2em; }
        .pick[aria-pressed="true"] { background: var(--accent); color: var(--bg); }
        .count { color: var(--muted); font-size: .8em; }
        .tags { color: var(--muted); font-size: .85em; }
        fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 .6em; padding: .4em .6em; }
        legend { color: var(--muted); }
        #presets { display: inline-flex; gap: .2em; margin-right: .8em; }
        #presets button[aria-pressed="true"] { background: var(--accent); color: var(--bg); }
        iframe { border: 1px solid var(--line); border-radius: 4px; max-width: 100%; background: var(--bg); }
        #empty { color: var(--muted); }
        .snippet { margin: .6em 0; }
        .snippet h3 { font-size: .95em; margin: 0 0 .2em; display: flex; gap: .6em; align-items: center; }
        pre { margin: 0; padding: .5em; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        .note { color: var(--muted); }
        @media (max-width: 700px) { main { grid-template-columns: 1fr; } nav { max-height: 40vh; border-right: none; } }
        """
}
