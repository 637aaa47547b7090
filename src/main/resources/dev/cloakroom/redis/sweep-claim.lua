-- Sweep, step 1: claims the members of one expiry schedule bucket that are due. ZREM inside the
-- script makes the claim exclusive: of several nodes sweeping at once, one gets each member.
-- KEYS[1] schedule bucket (sorted set: member store key, score expiry in epoch ms)
-- ARGV[1] now (epoch ms, the app's clock); ARGV[2] at most this many
-- Returns the claimed store keys.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #due > 0 then
  redis.call('ZREM', KEYS[1], unpack(due))
end
return due
