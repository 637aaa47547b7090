-- Applies a delta to an existing session; never creates one (no resurrection), and never touches a
-- session that is moving to a new key (Cluster id change: its old key is already dead) nor a moved mark.
-- Last access, TTL and schedule entry only move forward (a long request that started before a later
-- request's touch never shortens the session), unless the delta changes the idle timeout.
-- KEYS[1] session hash; KEYS[2] (standalone and Sentinel only) its expiry schedule bucket
-- ARGV[1] TTL in milliseconds; ARGV[2] the new expiry (epoch ms) when the delta moves it, else '';
-- ARGV[3] n, the number of field, value pairs to set; ARGV[4 .. 3+2n] those pairs; the rest: fields
-- to delete
-- Returns -1 when the session is gone, else its absolute timeout in milliseconds.
local h = redis.call('HMGET', KEYS[1], 'x', 'm', 'l')
if not h[1] or h[2] then
  return -1
end
local n = tonumber(ARGV[3])
local set = {}
local idle_changed = false
for i = 4, 3 + 2 * n, 2 do
  local f = ARGV[i]
  if f == 'i' then
    idle_changed = true
  end
  if not (f == 'l' and h[3] and tonumber(ARGV[i + 1]) < tonumber(h[3])) then
    set[#set + 1] = f
    set[#set + 1] = ARGV[i + 1]
  end
end
if #set > 0 then
  redis.call('HSET', KEYS[1], unpack(set))
end
if #ARGV > 3 + 2 * n then
  redis.call('HDEL', KEYS[1], unpack(ARGV, 4 + 2 * n))
end
if idle_changed or tonumber(ARGV[1]) > redis.call('PTTL', KEYS[1]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
if KEYS[2] and ARGV[2] ~= '' then
  if idle_changed then
    redis.call('ZADD', KEYS[2], ARGV[2], string.match(KEYS[1], '{(.*)}$'))
  else
    redis.call('ZADD', KEYS[2], 'GT', ARGV[2], string.match(KEYS[1], '{(.*)}$'))
  end
end
return tonumber(h[1])
