# Instruments of international law and the UN processes that make or apply them. The Charter
# is in its own lexicon: alone it is usually a vague appeal.
"Security Council resolution*"
"General Assembly resolution*"
/\bresolutions? \d+(\/\d+)?\b/        -- a resolution by number: resolution 1373, resolution 68/167
"sanctions regime*"
"sanctions committee*"
"Global Counter-Terrorism Strategy"
/\bConventions?\b/c                   -- capitalised: not "conventional" (one Snowball stem), not "old conventions"
treaty
covenant*
"Optional Protocol"
"Additional Protocol*"
"Rome Statute"
"Joint Comprehensive Plan of Action"
JCPOA
"International Court of Justice"
"advisory opinion"
OEWG
"Open-ended Working Group"
GGE
"Group of Governmental Experts"
"Ad Hoc Committee"
"treaty negotiations"
NPT
"Non-Proliferation Treaty"
CTBT
"Comprehensive Nuclear-Test-Ban Treaty"
"Arms Trade Treaty"
"Chemical Weapons Convention"
"Biological Weapons Convention"
UNCLOS
"Law of the Sea"
/\b(universal|international|comprehensive|new|UN|United Nations)\s+conventions?\s+(on|to|against|for)\b/   -- an international convention on ...
"Treaty on the Non-Proliferation"
/\bProtocols?\b/c                     -- capitalised: the Optional Protocol, the Geneva Protocol
"nuclear deal"              -- the JCPOA by its common name
"United Nations decisions*"  -- not "decision-making"
"decisions* of the United Nations"
"Doha Round"                -- WTO negotiations (D1)
"presidential statement*"   -- of the Security Council
/\bDeclaration (on|for) the\b/c   -- a named declaration in the making or invoked
/\bdraft (declaration|convention|treaty)\b/   -- an instrument being drafted
"provisions of the Charter"
"=Panel of =Experts"        -- a Security Council sanctions panel
/\bconventions? (that|which) (require|oblige|bind)/   -- what a convention requires of states
"international conventions"
"international treaties"
/\bprovisions of (the|that|this|these|those) resolutions?\b/   -- what a resolution requires
