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
