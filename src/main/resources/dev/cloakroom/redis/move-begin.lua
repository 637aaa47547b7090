-- Cluster id change, step 1 of 3, on the old key: marks the session as moving (field m = the new
-- store key) and returns its data. From here on the old key loads nothing and takes no save; a delete
-- of it still wins (and the move then fails at step 3).
-- KEYS[1] old session hash; ARGV[1] new store key
-- Returns {} when gone or already moving, else {pttl, field, value, field, value, ...}.
local h = redis.call('HMGET', KEYS[1], 'x', 'm')
if not h[1] or h[2] then
  return {}
end
local ttl = redis.call('PTTL', KEYS[1])
local all = redis.call('HGETALL', KEYS[1])
redis.call('HSET', KEYS[1], 'm', ARGV[1])
table.insert(all, 1, ttl)
return all
