-- Argo CD action "force-sync": a new value of the annotation dbsecrets.io/force-sync makes the operator read
-- AWS at once, bypassing every cache, exactly as `kubectl annotate ... dbsecrets.io/force-sync=...` does.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["dbsecrets.io/force-sync"] = os.date("!%Y-%m-%dT%H:%M:%SZ")
return obj
