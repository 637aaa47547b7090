-- Sweep, step 2, on a claimed session: reads and deletes it if it is expired by its own fields (the
-- schedule may lag behind a touch in Cluster, where it lives in other slots). Whoever deletes the hash
-- (this or a request's delete) is the only one to tell the listeners.
-- KEYS[1] session hash; ARGV[1] now (epoch ms, the app's clock)
-- Returns {} when gone; {expiry} when still alive (the caller schedules it again);
-- else {0, field, value, field, value, ...}, and the hash is gone.
local h = redis.call('HMGET', KEYS[1], 'l', 'i', 'c', 'u', 'x')
if not h[5] then
  return {}
end
local expiry = tonumber(h[4] or h[3]) + tonumber(h[5])
local idle = tonumber(h[2])
if idle > 0 and tonumber(h[1]) + idle < expiry then
  expiry = tonumber(h[1]) + idle
end
if expiry > tonumber(ARGV[1]) then
  return {expiry}
end
local all = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
table.insert(all, 1, 0)
return all
