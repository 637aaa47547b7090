-- Sweep of one index bucket: removes every key past its deadline (and any malformed value), and
-- returns the entries left, so the caller can check that their sessions still exist and still belong
-- to the principal.
-- KEYS[1] an index bucket; ARGV[1] now (epoch ms)
-- Returns {principal, key, deadline, principal, key, deadline, ...}.
local now = tonumber(ARGV[1])
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local deadline, principal = index_entry(all[i + 1])
  if deadline == nil or deadline <= now then
    redis.call('HDEL', KEYS[1], all[i])
  else
    out[#out + 1] = principal
    out[#out + 1] = all[i]
    out[#out + 1] = string.format('%d', deadline)
  end
end
return out
