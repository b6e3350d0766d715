# Children and youth in other senses (codebook youth "No"; D12): idioms for humanity's future
# or for descendants, not claims about young people as a group. A veto of youth.people.
"children and grandchildren"      -- the future of humanity, like "future generations"
"children and our grandchildren"
"children of Abraham"             -- descendants in a religious sense
"fountain of youth"
/\bchildren['\x{2019}]s children\b/   -- descendants: the future of humanity (a regex: a phrase would also match "children, children")
"lesser God"                      -- "children of a lesser God": peoples treated as unequal
/\bchildren of (the|this|our) [\w-]+ century\b/   -- the people of an era
"unborn child*"                    -- the right to life, not young people as a group
"bury the young"                  -- "in war the old bury the young": a saying about war
/\b(is|was|are|were|be|been|remains?) (a|the|an) (\w+ )?child of\b/   -- a country or peace as "the child of" something
/\bthe child of (a|the|an|international|liberation|war|peace|revolution)\b/
