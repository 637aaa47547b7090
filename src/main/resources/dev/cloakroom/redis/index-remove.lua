-- Removes store keys from a principal's index entry, and drops the entry's keys past their deadline.
-- KEYS[1] the principal's index bucket
-- ARGV[1] principal, ARGV[2] now (epoch ms), ARGV[3..] the store keys
local entries, old = index_get(KEYS[1], ARGV[1], tonumber(ARGV[2]))
local drop = {}
for i = 3, #ARGV do
  drop[ARGV[i]] = true
end
index_put(KEYS[1], ARGV[1], index_without(entries, drop), old)
return 1
