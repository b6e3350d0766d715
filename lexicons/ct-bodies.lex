# Bodies that counter terrorism (their names also contain terror*, which matches them).
RATS                        -- the SCO Regional Anti-Terrorist Structure
CTED
UNOCT
"Regional Anti-Terrorist Structure"
