-- Id change where every key lives on one server (standalone, Sentinel): renames the hash (data and TTL
-- kept), moves its expiry schedule entry and its principal index entry, and leaves a moved mark (a hash
-- holding only m = the new store key) on the old key, in one atomic step.
-- KEYS[1] old session hash, KEYS[2] new session hash, KEYS[3] old key's schedule bucket, KEYS[4] new
-- key's schedule bucket, KEYS[5] (when ARGV[1] is not '') the index bucket of the principal the caller
-- saw on the old session
-- ARGV[1] that principal ('' for none), ARGV[2] now (epoch ms, the app's clock), ARGV[3] old store
-- key, ARGV[4] new store key (the index and schedule members), ARGV[5] when the id changed (epoch ms,
-- the app's clock; the hash's field k), or '' to leave k as it is
-- Returns 1 when moved, 0 when the old session is gone, -1 when its principal is no longer ARGV[1]
-- (the caller reads it again and retries).
local h = redis.call('HMGET', KEYS[1], 'x', 'p', 'c', 'u', 'm')
if not h[1] or h[5] then
  return 0
end
if (h[2] or '') ~= ARGV[1] then
  return -1
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('ERR cloakroom: new store key already in use')
end
redis.call('RENAME', KEYS[1], KEYS[2])
if ARGV[5] and ARGV[5] ~= '' then
  redis.call('HSET', KEYS[2], 'k', ARGV[5])
end
-- the moved mark: the old key names the new one until the absolute deadline, for the save and id-change
-- paths of requests that loaded the session before this change; a load of it finds no session
local mark_ttl = tonumber(h[4] or h[3]) + tonumber(h[1]) - tonumber(ARGV[2])
if mark_ttl > 0 then
  redis.call('HSET', KEYS[1], 'm', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], string.format('%d', mark_ttl))
end
local due = redis.call('ZSCORE', KEYS[3], ARGV[3])
if due then
  redis.call('ZREM', KEYS[3], ARGV[3])
  redis.call('ZADD', KEYS[4], due, ARGV[4])
end
if ARGV[1] ~= '' then
  index_add(KEYS[5], ARGV[1], tonumber(ARGV[2]), tonumber(h[4] or h[3]) + tonumber(h[1]), ARGV[4], ARGV[3])
end
return 1
