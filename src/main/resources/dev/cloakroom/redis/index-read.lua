-- Drops a principal's index keys past their deadline and returns the rest.
-- KEYS[1] the principal's index bucket; ARGV[1] principal, ARGV[2] now (epoch ms)
local entries, old = index_get(KEYS[1], ARGV[1], tonumber(ARGV[2]))
index_put(KEYS[1], ARGV[1], entries, old)
local keys = {}
for _, e in ipairs(entries) do
  keys[#keys + 1] = e[1]
end
return keys
