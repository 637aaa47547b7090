-- The principal index, shared by the scripts that read or write it (prepended to each of them).
-- A bucket is a hash: field a principal, value its sessions as 'deadline key deadline key ...' (the
-- absolute deadline in epoch ms on the app's clock, then the store key; store keys are base64url).
-- An entry whose deadline has passed is surely dead: it is dropped whenever its field is written.

-- The live entries of one principal, as {key, deadline} pairs, and the value they were read from.
local function index_get(bucket, principal, now)
  local value = redis.call('HGET', bucket, principal)
  local entries = {}
  if value then
    for deadline, key in string.gmatch(value, '(%d+) (%S+)') do
      if tonumber(deadline) > now then
        entries[#entries + 1] = {key, deadline}
      end
    end
  end
  return entries, value
end

-- The entries without those whose key is in the set 'drop' (a table key -> true).
local function index_without(entries, drop)
  local kept = {}
  for _, e in ipairs(entries) do
    if not drop[e[1]] then
      kept[#kept + 1] = e
    end
  end
  return kept
end

-- Writes one principal's entries back (or removes its field when none is left), unless unchanged.
local function index_put(bucket, principal, entries, old)
  local parts = {}
  for _, e in ipairs(entries) do
    parts[#parts + 1] = e[2] .. ' ' .. e[1]
  end
  local value = table.concat(parts, ' ')
  if value == '' then
    if old then
      redis.call('HDEL', bucket, principal)
    end
  elseif value ~= old then
    redis.call('HSET', bucket, principal, value)
  end
end

-- Adds (or moves) 'key' with 'deadline' to one principal's entries, dropping 'replaced' if given.
local function index_add(bucket, principal, now, deadline, key, replaced)
  local entries, old = index_get(bucket, principal, now)
  local drop = {[key] = true}
  if replaced then
    drop[replaced] = true
  end
  entries = index_without(entries, drop)
  if tonumber(deadline) > now then
    entries[#entries + 1] = {key, string.format('%d', tonumber(deadline))}
  end
  index_put(bucket, principal, entries, old)
end
