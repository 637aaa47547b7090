-- Deletes a session. KEYS[1] session hash; KEYS[2] (standalone and Sentinel only) its expiry
-- schedule bucket.
-- Returns nil when there was none, else its principal ('' for none), so the caller can fix the index.
local h = redis.call('HMGET', KEYS[1], 'x', 'p')
if not h[1] then
  return nil -- no session, or only a moved mark (which stays for in-flight requests)
end
local p = h[2]
if KEYS[2] then
  redis.call('ZREM', KEYS[2], string.match(KEYS[1], '{(.*)}$'))
end
if redis.call('DEL', KEYS[1]) == 0 then
  return nil
end
return p or ''
