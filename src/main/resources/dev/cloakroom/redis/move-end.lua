-- Cluster id change, step 3 of 3 (or its abort), on the old key.
-- KEYS[1] old session hash; ARGV[1] new store key; ARGV[2] 'commit' or 'abort'; ARGV[3] (commit) how long
-- the moved mark lives, in milliseconds (until the session's absolute deadline; 0 for none)
-- commit: replaces the old hash with a moved mark (only m = ARGV[1]) if it is still moving to ARGV[1];
-- returns 1, or 0 when a delete or a sign-out took it meanwhile (the caller then removes the copy).
-- abort: clears the mark, so the old key lives again (the move never happened); returns 1 or 0 likewise.
if redis.call('HGET', KEYS[1], 'm') ~= ARGV[1] then
  return 0
end
if ARGV[2] == 'commit' then
  redis.call('DEL', KEYS[1])
  if tonumber(ARGV[3]) > 0 then
    redis.call('HSET', KEYS[1], 'm', ARGV[1])
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
  end
else
  redis.call('HDEL', KEYS[1], 'm')
end
return 1
