-- Deletes a session. KEYS[1] session hash.
-- Returns nil when there was none, else its principal ('' for none), so the caller can fix the index.
local p = redis.call('HGET', KEYS[1], 'p')
if redis.call('DEL', KEYS[1]) == 0 then
  return nil
end
return p or ''
