-- wrk script: every connection is one unit's leader entering a score.
-- Clients come from the file named by BENCH_CLIENTS, one "token unit" per
-- line; thread i takes line i. Each request flips leaf 1.1.1 between 1 and
-- 0.5, so every request is a real change (one event). Answers with GraphQL
-- errors are counted and printed at the end.

local clients = {}
local threads = {}

local function load_clients()
  if #clients > 0 then return end
  for line in io.lines(os.getenv("BENCH_CLIENTS")) do
    local token, unit = line:match("^(%S+)%s+(%S+)$")
    if token then table.insert(clients, { token = token, unit = unit }) end
  end
end

function setup(thread)
  load_clients()
  local client = clients[(#threads % #clients) + 1]
  thread:set("token", client.token)
  thread:set("unit", client.unit)
  thread:set("period", os.getenv("BENCH_PERIOD"))
  table.insert(threads, thread)
end

local flip = 0
errors = 0

function request()
  flip = flip + 1
  local score = (flip % 2 == 0) and "1" or "0.5"
  local body = string.format(
    '{"query":"mutation($p: ID!, $u: ID!, $e: EntryInput!) { enterScore(input: { periodId: $p, unitId: $u, leafCode: \\"1.1.1\\", entry: $e }) { __typename } }","variables":{"p":"%s","u":"%s","e":{"score":"%s"}}}',
    period, unit, score)
  return wrk.format("POST", "/graphql",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("errors") or 0)
  end
  io.write(string.format("graphql-errors %d\n", failed))
end
