-- Removes store keys from a principal's index, each only if it is still indexed under that principal
-- and, where a deadline is given, with that deadline.
-- KEYS[1] the principal's index bucket
-- ARGV[1] principal, ARGV[2..] store key, deadline pairs (deadline '' for any)
for i = 2, #ARGV, 2 do
  local deadline = ARGV[i + 1]
  index_remove(KEYS[1], ARGV[1], ARGV[i], deadline ~= '' and deadline or nil)
end
return 1
