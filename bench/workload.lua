-- The workloads of the side-by-side run, for wrk (bench/run starts it; see docs/BENCHMARKS.md).
-- Arguments after wrk's "--": workload, the pool file (one "name=value" session cookie a line,
-- written by the run from the sessions it created over HTTP), and the percentage of reads.
--   read, write: each request sends one cookie of the pool, chosen at random; GET /read with
--                that percentage, else GET /write
--   untouched:   GET /static with a cookie of the pool; the page never asks for its session
--   churn:       GET /signin without a cookie: a new session, one attribute, an id change
-- done() prints one RESULT line that the run parses; latencies are in microseconds.

local threads = 0

function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

local workload, read_percent
local cookies = {}

function init(args)
  workload = args[1]
  read_percent = tonumber(args[3] or "0")
  if workload ~= "churn" then
    for line in io.lines(args[2]) do
      cookies[#cookies + 1] = line
    end
    if #cookies == 0 then
      error("empty session pool " .. args[2])
    end
  end
  math.randomseed(os.time() * 1000 + thread_no)
end

function request()
  if workload == "churn" then
    return wrk.format("GET", "/signin", {})
  end
  local headers = { Cookie = cookies[math.random(#cookies)] }
  local path
  if workload == "untouched" then
    path = "/static"
  elseif math.random(100) <= read_percent then
    path = "/read"
  else
    path = "/write"
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
