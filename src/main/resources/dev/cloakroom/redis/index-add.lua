-- Adds a store key to a principal's index entry with its absolute deadline, and drops the entry's
-- keys past their deadline.
-- KEYS[1] the principal's index bucket
-- ARGV[1] principal, ARGV[2] now (epoch ms), ARGV[3] deadline (epoch ms), ARGV[4] store key
index_add(KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4])
return 1
