-- Creates a session hash, or moves one in (Cluster id change). Never overwrites.
-- KEYS[1] session hash; KEYS[2] (standalone and Sentinel only) its expiry schedule bucket
-- ARGV[1] TTL in milliseconds (0 or less: none); ARGV[2] expiry (epoch ms, the schedule score);
-- ARGV[3..] field, value pairs
-- Returns 1 when created, 0 when the key already existed.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
if tonumber(ARGV[1]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
if KEYS[2] then
  redis.call('ZADD', KEYS[2], ARGV[2], string.match(KEYS[1], '{(.*)}$'))
end
return 1
