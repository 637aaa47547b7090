-- Deletes a session. KEYS[1] session hash; KEYS[2] (standalone and Sentinel only) its expiry
-- schedule bucket.
-- Returns nil when there was none, else its principal ('' for none), so the caller can fix the index.
local p = redis.call('HGET', KEYS[1], 'p')
if KEYS[2] then
  redis.call('ZREM', KEYS[2], string.match(KEYS[1], '{(.*)}$'))
end
if redis.call('DEL', KEYS[1]) == 0 then
  return nil
end
return p or ''
