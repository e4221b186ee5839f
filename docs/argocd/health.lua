-- Argo CD health of an ExternalDbSecret, from its Ready condition.
local hs = {}
local status = obj.status
if status ~= nil and status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to sync generation " .. obj.metadata.generation
  return hs
end
if status ~= nil and status.conditions ~= nil then
  for _, condition in ipairs(status.conditions) do
    if condition.type == "Ready" then
      local text = condition.reason or ""
      if condition.message ~= nil and condition.message ~= "" then
        text = text .. ": " .. condition.message
      end
      if condition.status == "True" then
        hs.status = "Healthy"
      elseif condition.status == "False" then
        hs.status = "Degraded"
      else
        hs.status = "Progressing"
      end
      hs.message = text
      return hs
    end
  end
end
hs.status = "Progressing"
hs.message = "Waiting for the operator to sync"
return hs
