-- Indexes a store key under a principal with its absolute deadline.
-- KEYS[1] the principal's index bucket
-- ARGV[1] principal, ARGV[2] now (epoch ms), ARGV[3] deadline (epoch ms), ARGV[4] store key
index_add(KEYS[1], ARGV[1], ARGV[3], ARGV[4], tonumber(ARGV[2]))
return 1
