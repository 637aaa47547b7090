-- Adds a store key to a principal index (a sorted set scored by absolute deadline, epoch ms), drops
-- entries past their deadline, and keeps the index alive exactly as long as its latest entry.
-- KEYS[1] index
-- ARGV[1] now (epoch ms), ARGV[2] score, ARGV[3] member, ARGV[4] (optional) member to remove
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if ARGV[4] then
  redis.call('ZREM', KEYS[1], ARGV[4])
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
local top = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local ttl = tonumber(top[2]) - tonumber(ARGV[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
else
  redis.call('DEL', KEYS[1])
end
return 1
