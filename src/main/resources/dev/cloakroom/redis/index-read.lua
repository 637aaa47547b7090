-- Drops entries past their deadline and returns the rest.
-- KEYS[1] index; ARGV[1] now (epoch ms)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)
