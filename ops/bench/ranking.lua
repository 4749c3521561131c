-- wrk script: the ranking of one block of a period, as the ranking page
-- asks for it. BENCH_TOKEN, BENCH_PERIOD and BENCH_BLOCK come from run.sh.

local body = string.format(
  '{"query":"query($p: ID!, $b: String) { ranking(periodId: $p, block: $b) { rank unit { code } total applicableMaximum index classification } }","variables":{"p":"%s","b":"%s"}}',
  os.getenv("BENCH_PERIOD"), os.getenv("BENCH_BLOCK"))
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
}

function request()
  return wrk.format("POST", "/graphql", headers, body)
end

errors = 0
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    errors = errors + 1
  end
end
