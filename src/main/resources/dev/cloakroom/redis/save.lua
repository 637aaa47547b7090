-- Applies a delta to an existing session; never creates one (no resurrection), and never touches a
-- session that is moving to a new key (Cluster id change: its old key is already dead).
-- KEYS[1] session hash
-- ARGV[1] TTL in milliseconds; ARGV[2] n, the number of field, value pairs to set;
-- ARGV[3 .. 2+2n] those pairs; the rest: fields to delete
-- Returns -1 when the session is gone, else its absolute timeout in milliseconds.
local h = redis.call('HMGET', KEYS[1], 'x', 'm')
if not h[1] or h[2] then
  return -1
end
local n = tonumber(ARGV[2])
if n > 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 3, 2 + 2 * n))
end
if #ARGV > 2 + 2 * n then
  redis.call('HDEL', KEYS[1], unpack(ARGV, 3 + 2 * n))
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return tonumber(h[1])
