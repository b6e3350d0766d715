# Resolutions and UN texts that set no rule for states (codebook un-norms "No"; D22): development
# goals, commemorations, mission mandates. A veto for the resolution rules, not a theme of its own.
"2030 Agenda"
"Sustainable Development Goals"
"sustainable development"
"International Year*"
"International Day"
"International Decade"
anniversary
"renew* the mandate"         -- a mission's or force's mandate (D22)
"a mandate"
"mandate of the United Nations"
"World Summit Outcome"
"Pact for the Future"
Ebola
"Second Committee"            -- economic and development resolutions
"cooperation between the United Nations and"   -- a resolution on the UN's cooperation with a regional body
"Millennium Declaration"      -- development goals (resolution 55/2 is its number)
"Millennium Development Goals"
/(?<!prohibition of the )(?<!prohibition of )(?<!welcome )(?<!positive )(?<!recent )(?<!this )(?<!new )(?<!Cooperation and )(?<!Co-operation and )\bdevelopment\b(?!,? (and |or )?(manufacture|production|stockpiling|testing|acquisition)| of (\w+ ){0,4}(weapons|arms|missiles))/   -- resolutions on development (mountains, regional cooperation): no rule for states; not "developing" a system of agreements, the development of weapons, a "welcome development" or the OECD
"least developed"             -- a country's graduation from the list
"Olympic Truce"
"conflict resolution"         -- settling a conflict, not a text
