-- A principal's indexed store keys: removes those past their deadline and returns the rest with their
-- deadlines. Reads the whole bucket (about a hundred fields up to 100,000 sessions).
-- KEYS[1] the principal's index bucket; ARGV[1] principal, ARGV[2] now (epoch ms)
-- Returns {key, deadline, key, deadline, ...}.
local now = tonumber(ARGV[2])
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local deadline, principal = index_entry(all[i + 1])
  if principal == ARGV[1] then
    if deadline > now then
      out[#out + 1] = all[i]
      out[#out + 1] = string.format('%d', deadline)
    else
      redis.call('HDEL', KEYS[1], all[i])
    end
  end
end
return out
