-- Id change where both keys live on one server (standalone, Sentinel): atomic, keeps data and TTL.
-- KEYS[1] old session hash, KEYS[2] new session hash
-- Returns {} when the old session is gone, else {principal, createdAt, authenticatedAt, absolute}.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('ERR cloakroom: new store key already in use')
end
redis.call('RENAME', KEYS[1], KEYS[2])
return redis.call('HMGET', KEYS[2], 'p', 'c', 'u', 'x')
