# Acts that are regulation or censorship whatever the distance to the Internet in the sentence.
regulat*                    -- regulate, regulation, regulatory
/(?<!good )(?<!good global )(?<!electronic )(?<!e-)\bgovernance/   -- governance, not "good governance" of a state; a regex, as the stem of governance is that of government
censor*
filter*
/\bblock(s|ed|ing)?\b/    -- block, blocked, blocking; not blockade or blockchain
shutdown*
"shut down"
jurisdiction
oversight
supervis*
/\bdisrupt\w*\s+(\w+\s+){0,2}(access|connectivity|the Internet|Internet)\b/  -- disrupting access, not disrupting a flow of fighters or a school year
curb*
sovereign*
