-- Applies a delta to an existing session; never creates one (no resurrection), and never touches a
-- session that is moving to a new key (Cluster id change: its old key is already dead).
-- KEYS[1] session hash; KEYS[2] (standalone and Sentinel only) its expiry schedule bucket
-- ARGV[1] TTL in milliseconds; ARGV[2] the new expiry (epoch ms) when the delta moves it, else '';
-- ARGV[3] n, the number of field, value pairs to set; ARGV[4 .. 3+2n] those pairs; the rest: fields
-- to delete
-- Returns -1 when the session is gone, else its absolute timeout in milliseconds.
local h = redis.call('HMGET', KEYS[1], 'x', 'm')
if not h[1] or h[2] then
  return -1
end
local n = tonumber(ARGV[3])
if n > 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 4, 3 + 2 * n))
end
if #ARGV > 3 + 2 * n then
  redis.call('HDEL', KEYS[1], unpack(ARGV, 4 + 2 * n))
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if KEYS[2] and ARGV[2] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[2], string.match(KEYS[1], '{(.*)}$'))
end
return tonumber(h[1])
