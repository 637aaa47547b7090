-- Reads and deletes a session in one step, for sign-out by principal: whoever runs it first on a key
-- gets the data; everyone after gets nothing. Takes a session that a Cluster id change is moving too
-- (the change then fails at its commit and removes its copy).
-- KEYS[1] session hash
-- ARGV[1] (optional) principal: only take the session out if it belongs to it
-- Returns {} when gone (or another principal's), else {pttl, field, value, field, value, ...}.
if ARGV[1] and redis.call('HGET', KEYS[1], 'p') ~= ARGV[1] then
  return {}
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then
  return {}
end
local all = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
table.insert(all, 1, ttl)
return all
