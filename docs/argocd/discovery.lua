-- Argo CD resource actions offered on an ExternalDbSecret.
local actions = {}
actions["force-sync"] = {["disabled"] = false}
return actions
