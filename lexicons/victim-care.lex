# Claims about women and children as a group (the most vulnerable, their health) that make them
# more than counted victims (D12). Only against the victims veto, not against "our children" as
# kin or the future: "the health of the planet we leave to our children" stays an idiom.
vulnerab*
health
"saving the lives"           -- protecting women and children, a claim about them (codebook)
"care for"
"care and support"
