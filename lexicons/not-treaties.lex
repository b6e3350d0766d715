# Agreements that end a fighting or open a market, and deals with one party: not treaties read as
# law between states (D1; the dev gold labels none of them). A veto for the treaty rules.
"peace agreement*"
"peace accord*"
"peace process"
armistice
ceasefire                   -- also "cease-fire": the hyphenated word matches it
reconciliation
"resolution of the conflict"
rebel*
"free trade"
"agreement with"
