# What states do with resolutions and instruments: adopt, vote, draft, implement.
adopt*
vote*
draft*
implement*
"into force"
ratif*
negotiat*
comply
compliance
violat*
breach*
ignor*                      -- a resolution ignored or flouted: compliance at stake (not "defy": a conflict "defies resolution")
defiance
flout*
disregard*
