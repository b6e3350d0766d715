# Acts of governing, controlling or regulating.
control*
regulat*                    -- regulate, regulation, regulatory
governance*                 -- a glob: the stem of governance is that of government
governing
manag*
block*
filter*
censor*
restrict*
shutdown*
"shut down"
"limited access"
"take down"
"taken down"
removal
sovereign*
jurisdiction
oversight
rules
norms
