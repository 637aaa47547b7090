-- Sweep of one index bucket: drops every key past its deadline, and returns the entries left, so the
-- caller can check that their sessions still exist and still belong to the principal.
-- KEYS[1] an index bucket; ARGV[1] now (epoch ms)
-- Returns {principal, key, principal, key, ...}.
local now = tonumber(ARGV[1])
local all = redis.call('HKEYS', KEYS[1])
local out = {}
for _, principal in ipairs(all) do
  local entries, old = index_get(KEYS[1], principal, now)
  index_put(KEYS[1], principal, entries, old)
  for _, e in ipairs(entries) do
    out[#out + 1] = principal
    out[#out + 1] = e[1]
  end
end
return out
