-- Creates a session hash, or moves one in (Cluster id change). Never overwrites.
-- KEYS[1] session hash
-- ARGV[1] TTL in milliseconds (0 or less: none); ARGV[2..] field, value pairs
-- Returns 1 when created, 0 when the key already existed.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
if tonumber(ARGV[1]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return 1
