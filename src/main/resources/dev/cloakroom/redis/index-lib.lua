-- The principal index, shared by the scripts that read or write it (prepended to each of them).
-- A bucket is a hash with one field per indexed session: the field is its store key, the value
-- 'deadline principal' (the session's absolute deadline, epoch ms on the app's clock, then the
-- principal). A key past its deadline is surely dead. One field per session keeps every field and
-- value short, so a bucket stays a listpack however many sessions one principal has.

-- A field's value as its deadline (a number) and principal; nil, nil for a value of another shape.
local function index_entry(value)
  local deadline, principal = string.match(value, '^(%d+) (.*)$')
  if deadline then
    return tonumber(deadline), principal
  end
  return nil, nil
end

-- Removes 'key' if it is indexed under 'principal' (or its value is malformed) and, when 'deadline'
-- is given, only with that deadline: an entry written again meanwhile stays.
local function index_remove(bucket, principal, key, deadline)
  local value = redis.call('HGET', bucket, key)
  if value then
    local d, p = index_entry(value)
    if d == nil or (p == principal and (deadline == nil or d == tonumber(deadline))) then
      redis.call('HDEL', bucket, key)
    end
  end
end

-- Indexes 'key' under 'principal' until 'deadline' (a key has one principal: this replaces any other
-- in this bucket); a deadline already past removes this principal's entry instead.
local function index_add(bucket, principal, deadline, key, now)
  if tonumber(deadline) > now then
    redis.call('HSET', bucket, key, string.format('%d', tonumber(deadline)) .. ' ' .. principal)
  else
    index_remove(bucket, principal, key, nil)
  end
end
