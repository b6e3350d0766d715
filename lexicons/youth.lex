# Young people as a group.
youth
"young people"
"young person"
"young men"
"young women"
"young girls"
"young boys"
"young generation"
"younger generation*"
"young population"
youngster*
adolescen*                  -- adolescent(s), adolescence
teenager*
minors*                     -- a glob: the stem of minors is that of minority
child                       -- stem: child, child's
children
childhood
kids
juvenile*
student*
pupil*
schoolchildren
"school children"
"under 30"
"under 18"
"between 15 and 24"
"child soldiers"
"girls' education"
"adolescent girls"
"boys and girls"
orphans
/\byoung (Africans|Americans|Europeans|Asians|[A-Z][a-z]+ians|women and men|men and women)\b/c  -- young people of a nation
"the very young"            -- the youngest as a group ("the very young or very old")
/\byoung\b(?<=\bthe young|\bour young)(?=\s*([.;!?]|,\s+(the|and|but also|who|to|in|especially)\b|\s+(who|whose|are|alike|in particular|and the (old|elderly|aged|weak|poor|vulnerable|sick)|and old|and elderly)\b))/   -- "the young" as a noun: "especially the young", "the young and the elderly"
"infant mortality"          -- child mortality by its other names (D12)
"infant and maternal"
"maternal and infant"
"infant and child"
"newborn mortality"
"neonatal mortality"
"neonatal deaths"
"newborn babies"
"teenage mothers"           -- adolescents as a group; not "a teenage girl in ..." (one person, D12)
"teenage pregnancy"
"teenage girls"
"teenage boys"
/\byoung (\w+ )?(activists|entrepreneurs|leaders|dreamers|volunteers|graduates|workers|Muslims|refugees|migrants|athletes|scientists|innovators)\b/   -- young people named by what they do
