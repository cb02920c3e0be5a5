-- Case pages under load: each request opens the tenancy page of a random household in arrears.
--   REFS=refs.txt COOKIE='sessionid=...' wrk -t2 -c20 -d60s -s bench/case_pages.lua http://127.0.0.1:8001
-- REFS lists one contract number per line; COOKIE is the session of a logged-in officer.
-- PAUSE_MS=1000-3000 makes each connection a user who reads a page for 1 to 3 seconds before
-- opening the next; without it the connections never pause.
-- Prints the number of requests, the failures, and the 50th, 90th, 95th and 99th percentiles.
local refs = {}
for line in io.lines(os.getenv("REFS") or "refs.txt") do refs[#refs + 1] = line end
local cookie = os.getenv("COOKIE") or ""
local pause_min, pause_max = (os.getenv("PAUSE_MS") or ""):match("^(%d+)-(%d+)$")

init = function(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

if pause_min then
  delay = function()
    return math.random(tonumber(pause_min), tonumber(pause_max))
  end
end

request = function()
  return wrk.format("GET", "/huurcontract/" .. refs[math.random(#refs)] .. "/", { ["Cookie"] = cookie })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d in %.1f s, failed %d (not 2xx: %d)\n", summary.requests,
    summary.duration / 1e6, e.connect + e.read + e.write + e.timeout + e.status, e.status))
  for _, p in ipairs({ 50, 90, 95, 99 }) do
    io.write(string.format("p%d %.0f ms\n", p, latency:percentile(p) / 1000))
  end
end
