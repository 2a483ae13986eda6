-- wrk script: POST one pre-built body (path in the first script argument) on every request.
-- Usage: wrk -t2 -c8 -d10s -s scripts/load/ingest_post.lua URL -- BODY_FILE
init = function(args)
  local f = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  wrk.headers["Content-Type"] = "text/plain"
  f:close()
end
