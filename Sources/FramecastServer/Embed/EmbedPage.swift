import Foundation
import FramecastCore
import FramecastRender
import Hummingbird

/// `GET /embed?<render params>`: a small self-contained page for an `<iframe>`: the PNG (1× and
/// 2× through `srcset`; `theme=auto`, the default, follows `prefers-color-scheme`), the SVG
/// overlay inlined on top, a few lines of script for the hover tooltip, and live updates over
/// SSE (`/events`) with a fallback to ETag polling of the PNG. No external script, style or font.
enum EmbedPage {
    static func page(_ request: Request, state: ServerState) async throws -> Response {
        var pairs = request.queryPairs
        let themeText = pairs.last { $0.0 == "theme" }?.1 ?? "auto"
        let themes = themeText == "auto" ? ["light", "dark"] : [themeText]
        // The page picks the scale (srcset) and the format; the rest is the chart's.
        pairs.removeAll { ["theme", "scale", "format"].contains($0.0) }
        let query = try ChartQuery.parse(pairs + [("theme", themes[0])], visibility: .of(request, options: state.options))
        let resolved = try query.resolve(
            snapshot: await state.engine.snapshot(), now: ServerClock.now(), budget: state.options.render.maxBucketsPerRender)
        let overlay = try await state.renderPool.frame(.embed) {
            try FrameRenderer.render(spec: resolved.spec, series: resolved.sources, format: .overlay).bytes
        }
        let links = Links(request: request, state: state, base: pairs)
        let canDouble = Double(query.options.width * query.options.height) * 4 <= Double(ChartSpec.maxPixels)
        func srcset(_ theme: String) -> String {
            let one = links.url("/render", [("theme", theme), ("format", "png")])
            return canDouble ? "\(one) 1x, \(links.url("/render", [("theme", theme), ("scale", "2"), ("format", "png")])) 2x" : one
        }
        let page = html(
            width: query.options.width, height: query.options.height, title: query.options.title ?? "chart",
            sources: themes.count == 2 ? [("(prefers-color-scheme: dark)", srcset("dark"))] : [],
            srcset: srcset(themes.count == 1 ? themes[0] : "light"),
            src: links.url("/render", [("theme", themes.count == 1 ? themes[0] : "light"), ("format", "png")]),
            overlay: inlineSVG(overlay), overlayURL: links.url("/render", [("format", "overlay")]),
            events: links.url("/events", [("theme", themes[0])]), refreshMillis: query.refreshMillis,
            dark: themes == ["dark"])
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// URLs of the page's parts: the chart's parameters plus the part's own, signed with the
    /// embed URL's expiry when the embed URL itself was signed.
    struct Links {
        let signer: URLSigner?
        let expires: Int64?
        let base: [(String, String)]

        init(request: Request, state: ServerState, base: [(String, String)]) {
            let all = request.allQueryPairs
            let signed = all.contains { $0.0 == URLSigner.signatureParameter }
            signer = signed ? state.options.signer : nil
            expires = all.last { $0.0 == URLSigner.expiresParameter }.flatMap { Int64($0.1) }
            self.base = base
        }

        func url(_ path: String, _ extra: [(String, String)]) -> String {
            var pairs = base + extra
            if let signer, let expires { pairs = signer.sign(path: path, query: pairs, expires: expires) }
            return path + "?" + URLSigner.canonical(pairs)
        }
    }

    /// The overlay document as an inline `<svg>` element (no XML declaration).
    static func inlineSVG(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "<svg") else { return "" }
        return String(text[start.lowerBound...])
    }

    // swiftlint:disable:next function_parameter_count
    static func html(
        width: Int, height: Int, title: String, sources: [(String, String)], srcset: String, src: String,
        overlay: String, overlayURL: String, events: String, refreshMillis: Int64, dark: Bool
    ) -> String {
        let sourceTags = sources.map { "<source media=\"\(SVGWriter.escape($0.0))\" srcset=\"\(SVGWriter.escape($0.1))\">" }.joined()
        let config =
            "{\"overlay\":\(ColumnsJSON.string(overlayURL)),\"events\":\(ColumnsJSON.string(events)),\"poll\":\(max(1000, refreshMillis))}"
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><meta name="color-scheme" content="\(dark ? "dark" : "light dark")">
            <title>\(SVGWriter.escape(title))</title>
            <style>
            html,body{margin:0;padding:0;background:transparent;overflow:hidden}
            #fc{position:relative;width:\(width)px;height:\(height)px;font:12px/1.35 system-ui,sans-serif}
            #fc img,#ov svg{position:absolute;left:0;top:0;width:\(width)px;height:\(height)px}
            #ov svg rect.hover{cursor:crosshair}
            #tip{position:absolute;display:none;pointer-events:none;white-space:pre;background:rgba(20,20,20,.88);color:#fff;padding:4px 7px;border-radius:4px;z-index:2}
            #cross{position:absolute;display:none;pointer-events:none;width:1px;background:rgba(128,128,128,.8);z-index:1}
            </style></head>
            <body><div id="fc"><picture>\(sourceTags)<img id="img" alt="\(SVGWriter.escape(title))" width="\(width)" height="\(height)" src="\(SVGWriter.escape(src))" srcset="\(SVGWriter.escape(srcset))"></picture>
            <div id="ov">\(overlay)</div><div id="cross"></div><div id="tip"></div></div>
            <script>
            (function(){
            var cfg=\(config),fc=document.getElementById('fc'),ov=document.getElementById('ov'),tip=document.getElementById('tip'),
            cross=document.getElementById('cross'),img=document.getElementById('img'),srcs=[].slice.call(fc.querySelectorAll('img,source')),n=0,etag=null,timer=null;
            srcs.forEach(function(e){e.dataset.srcset=e.getAttribute('srcset');if(e.src)e.dataset.src=e.getAttribute('src');});
            function bust(u){return u.replace(/(\\/render\\?[^ ,]*)/g,function(m){return m+'&_='+n;});}
            function hide(){tip.style.display='none';cross.style.display='none';}
            ov.addEventListener('mousemove',function(ev){
              var r=ev.target.closest&&ev.target.closest('rect.hover');if(!r){hide();return;}
              var t=r.querySelector('title'),box=fc.getBoundingClientRect(),rb=r.getBoundingClientRect();
              tip.textContent=t?t.textContent:'';tip.style.display='block';
              var x=ev.clientX-box.left+12,y=ev.clientY-box.top+12;
              if(x+tip.offsetWidth>box.width)x=Math.max(0,ev.clientX-box.left-tip.offsetWidth-12);
              if(y+tip.offsetHeight>box.height)y=Math.max(0,box.height-tip.offsetHeight);
              tip.style.left=x+'px';tip.style.top=y+'px';
              cross.style.display='block';cross.style.left=(rb.left-box.left+rb.width/2)+'px';cross.style.top=(rb.top-box.top)+'px';cross.style.height=rb.height+'px';
            });
            ov.addEventListener('mouseleave',hide);
            function refresh(){
              n++;srcs.forEach(function(e){e.setAttribute('srcset',bust(e.dataset.srcset));if(e.dataset.src)e.setAttribute('src',bust(e.dataset.src));});
              fetch(cfg.overlay+'&_='+n).then(function(r){return r.ok?r.text():null;}).then(function(t){
                if(t){var i=t.indexOf('<svg');if(i>=0)ov.innerHTML=t.slice(i);}});
            }
            var pending=false;function changed(){if(pending)return;pending=true;setTimeout(function(){pending=false;refresh();},100);}
            function poll(){
              if(timer)return;
              timer=setInterval(function(){
                fetch(img.currentSrc||img.src,{cache:'no-cache'}).then(function(r){
                  var e=r.headers.get('ETag');if(r.ok&&e&&etag&&e!==etag)refresh();if(e)etag=e;}).catch(function(){});
              },cfg.poll);
            }
            if(window.EventSource){
              var es=new EventSource(cfg.events),failures=0,seen=false;
              ['snapshot','append','update','frame'].forEach(function(k){es.addEventListener(k,function(){failures=0;if(seen)changed();seen=true;});});
              es.onmessage=function(){if(seen)changed();seen=true;};
              es.onerror=function(){if(++failures>=3||es.readyState===2){es.close();poll();}};
            }else{poll();}
            })();
            </script></body></html>

            """
    }
}
