# Acts that are regulation or censorship whatever the distance to the Internet in the sentence.
regulat*                    -- regulate, regulation, regulatory
/(?<!good )(?<!e-)(?<!electronic )\bgovernance( \w+)? (of|over|on|for|in)\b/   -- governance of something; not a state's "good", "e-" or "graft-free" governance (regexes: governance and government share a stem)
/\bglobal governance\b/
/\binternational governance\b/
/\bmultilateral governance\b/
/\bInternet governance\b/
/\bcyber governance\b/
/\bdata governance\b/
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
